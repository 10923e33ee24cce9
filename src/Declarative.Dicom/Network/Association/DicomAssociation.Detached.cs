using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// Handlers that allowed concurrency ([ConcurrentHandler]) and are still running when the receive loop would wait for
/// them: they run on detached, as many at once as the asynchronous operations window lets the peer have in flight, and
/// each answers when it completes. The association does not answer an A-RELEASE-RQ before they have.
/// </summary>
public sealed partial class DicomAssociation
{
    // Made on the first request that could run detached: one slot per operation the peer may have waiting for us.
    private SemaphoreSlim? _detachedSlots;

    /// <summary>A slot for one more detached handler; none without a window, or when the peer already has that many running.</summary>
    private bool TryTakeDetachedSlot()
    {
        if (_info is not { MaxOperationsPerformed: > 1 } info)
        {
            return false;
        }

        _detachedSlots ??= new SemaphoreSlim(info.MaxOperationsPerformed, info.MaxOperationsPerformed);
        return _detachedSlots.Wait(0);
    }

    /// <summary>Waits for the handler, then sends its response with command objects and buffers of its own (the receive loop's are in use).</summary>
    private async Task AnswerDetachedAsync(ValueTask<DimseResponse> handling, DimseRequest request, ReceivedMessage message, DicomTransferSyntax syntax,
        long started, Activity? activity)
    {
        var context = message.Context;
        DicomMetrics.ConcurrentCall(request.CommandField, +1);
        try
        {
            var response = await handling.ConfigureAwait(false);
            DicomMetrics.RequestAnswered(request.CommandField, response.Status, started);
            DicomActivities.Answered(activity, response.Status);
            var (sent, dataset) = _invoker.Prepare(request, response, syntax, new ByteBuffer(response.Dataset is null ? 0 : 1024), _name);
            var command = sent.WriteCommand(new DimseCommand(), request);
            command.HasDataset = dataset is not null;
            await SendMessageAsync(context, command, dataset, immediate: true).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The association ended (aborted, closed) while the handler ran: nothing is left to answer on.
            NetworkLog.DetachedResponseLost(_logger, _name, request.ToString(), ex.Message);
        }
        finally
        {
            DicomMetrics.ConcurrentCall(request.CommandField, -1);
            activity?.Dispose();
            DeleteSpool(message.SpoolPath);
            // Its dataset's bytes go back to the pool, unless the handler outlived its deadline and may still read them.
            if (message.LentBuffer is { } lent && !request.OutlivedDeadline)
            {
                ReturnLent(lent);
            }

            _detachedSlots!.Release();
        }
    }

    /// <summary>Before A-RELEASE-RP: every detached handler has answered (their responses go out first, PS3.8 AR-7 in Sta8).</summary>
    private async ValueTask DrainDetachedAsync()
    {
        if (_detachedSlots is not { } slots)
        {
            return;
        }

        var all = _info!.MaxOperationsPerformed;
        var taken = 0;
        try
        {
            for (; taken < all; taken++)
            {
                await slots.WaitAsync(_shutdown.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The association is being shut down: the release goes on, what is still running answers nobody.
        }
        finally
        {
            if (taken > 0)
            {
                slots.Release(taken);
            }
        }
    }
}
