using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// Serving a received message: responses complete the request that waits for them; requests go to the
/// handler, and every request gets a response, whatever the handler does.
/// </summary>
public sealed partial class DicomAssociation
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DispatchAsync(ReceivedMessage message)
    {
        var command = message.Command;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            NetworkLog.MessageReceived(_logger, _name, command.ToString());
        }

        var syntax = DicomTransferSyntax.Lookup(message.Context.TransferSyntax);
        if (command.CommandField.IsResponse())
        {
            // A response's dataset belongs to the program that sent the request: never lent.
            var dataset = message.Dataset is { } response ? DicomDataset.Decode(response, syntax) : null;
            if (!await TryDeliverStreamedResponseAsync(command, dataset).ConfigureAwait(false))
            {
                CompleteRequest(command, dataset);
            }

            return;
        }

        var detached = false;
        try
        {
            var dataset = message.Dataset is { } bytes ? _arena.Datasets.Decode(bytes, syntax) : null;
            detached = await ServeRequestAsync(message, dataset, syntax).ConfigureAwait(false);
        }
        finally
        {
            // Answered (or running on, detached): the request object has what it needed of the command, which decodes
            // the next one. What the handler was lent (its dataset's bytes and objects, the request object) is taken
            // back, unless a handler still running may read it (detached, or past its deadline): then it keeps the
            // arena and the bytes, and the association starts a new arena.
            _assembler.ReturnCommand(command);
            if (detached || _invoker.LastCallAbandoned)
            {
                _arena = new ReceivedRequestArena();
            }
            else
            {
                _arena.Recycle();
                if (message.LentBuffer is { } lent)
                {
                    ReturnLent(lent);
                }
            }
        }
    }

    /// <summary>Gives a request's dataset bytes back; a debug build poisons them first, so that a test reading a request after its call fails.</summary>
    private static void ReturnLent(byte[] lent)
    {
#if DEBUG
        lent.AsSpan().Fill(0xDD);
#endif
        System.Buffers.ArrayPool<byte>.Shared.Return(lent);
    }

    /// <summary>
    /// A request: to its handler (or answered as unsupported); the response is sent before this returns, unless the
    /// handler allowed concurrency and is still running: then it is detached (true), and answers when it completes.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeRequestAsync(ReceivedMessage message, DicomDataset? dataset, DicomTransferSyntax syntax)
    {
        var command = message.Command;
        if (command.CommandField == DimseCommandField.CCancelRequest)
        {
            // Only a streamed answer (C-FIND) can still be running when its C-CANCEL is read; it has no response of its own.
            CancelStream(command);
            return false;
        }

        var request = DimseRequestFactory.Create(command, dataset, message.SpoolPath is { } spool ? (spool, syntax) : null, _arena);
        if (request is null)
        {
            await AnswerUnsupportedCommandAsync(message).ConfigureAwait(false);
            return false;
        }

        request.Association = _info;
        request.PresentationContext = message.Context;
        request.Log = _logger;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var activity = DicomActivities.StartRequest(request);
        var detached = false;
        try
        {
            if (request is QueryRequest query)
            {
                detached = await ServeStreamingAsync(query, message, syntax, started, activity).ConfigureAwait(false);
                return detached;
            }

            var handling = InvokeHandlerAsync(request, message.Context);
            if (!handling.IsCompleted && request.ConcurrencyAllowed && TryTakeDetachedSlot())
            {
                detached = true;
                _ = AnswerDetachedAsync(handling, request, message, syntax, started, activity);
                return true;
            }

            if (!handling.IsCompleted && _sendBuffer.Length > 0)
            {
                // A handler that really waits does not keep the responses held back for coalescing waiting with it.
                await FlushHeldAsync().ConfigureAwait(false);
            }

            var response = await handling.ConfigureAwait(false);
            DicomMetrics.RequestAnswered(request.CommandField, response.Status, started);
            DicomActivities.Answered(activity, response.Status);
            await SendResponseAsync(request, response, message.Context, syntax).ConfigureAwait(false);
            return false;
        }
        finally
        {
            if (!detached)
            {
                activity?.Dispose();
                DeleteSpool(message.SpoolPath);
            }
        }
    }

    /// <summary>The spool file lives as long as its request: a handler keeps the instance by copying it (SaveAsPart10Async).</summary>
    private void DeleteSpool(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            // A handler past its time-out may still read it (Windows keeps an open file): it is left to the spool folder.
            _logger.LogWarning(ex, "Association {Association}: spool file {Path} could not be deleted", _name, path);
        }
    }

    private void CompleteRequest(DimseCommand command, DicomDataset? dataset)
    {
        var id = command.MessageIdBeingRespondedTo ?? 0;
        if (_requests?.TryComplete(id, command, dataset) != true)
        {
            NetworkLog.UnexpectedResponse(_logger, _name, id);
        }
    }

    private ValueTask<DimseResponse> InvokeHandlerAsync(DimseRequest request, NegotiatedContext context) =>
        RoleRefusal(request, context) is { } refusal
            ? ValueTask.FromResult(refusal)
            : _invoker.InvokeAsync(request, context, _name, _shutdown.Token);

    private DimseResponse? RoleRefusal(DimseRequest request, NegotiatedContext context)
    {
        var eventReport = request.CommandField == DimseCommandField.NEventReportRequest;
        var allowed = eventReport ? context.PeerMayBeScp(_isRequestor) : context.PeerMayBeScu(_isRequestor);
        if (allowed)
        {
            return null;
        }

        var role = eventReport ? "SCP" : "SCU";
        var lenient = eventReport && _options.AcceptEventReportsWithoutRoleNegotiation && !context.RolesNegotiated;
        NetworkLog.RoleNotNegotiated(_logger, _name, request.CommandField.ToDisplayName(), context.Id, context.AbstractSyntax, role,
            lenient ? "accepted (lenient option)" : "answering 0x0110");
        return lenient
            ? null
            : DimseResponse.FromStatus(DimseStatus.ProcessingFailure, $"the {role} role was not negotiated for {context.AbstractSyntax}");
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendResponseAsync(DimseRequest request, DimseResponse response, NegotiatedContext context, DicomTransferSyntax syntax)
    {
        var (sent, dataset) = _invoker.Prepare(request, response, syntax, _replyDatasetBuffer, _name);
        var command = sent.WriteCommand(_responseCommand, request);
        command.HasDataset = dataset is not null;
        await SendMessageAsync(context, command, dataset).ConfigureAwait(false);
    }

    /// <summary>A command PS3.7 does not define, or a request without the dataset it needs: answer rather than drop.</summary>
    private async ValueTask AnswerUnsupportedCommandAsync(ReceivedMessage message)
    {
        var request = message.Command;
        var status = request.CommandField.IsNormalized() ? DimseStatus.UnrecognizedOperation : DimseStatus.SopClassNotSupported;
        NetworkLog.UnsupportedCommand(_logger, _name, request.CommandField.ToDisplayName(), status.Code);
        var response = new DimseCommand
        {
            CommandField = request.CommandField.ResponseOf(),
            MessageIdBeingRespondedTo = request.MessageId ?? 0,
            AffectedSopClassUid = request.SopClassUid,
            Status = status.Code,
            ErrorComment = $"{request.CommandField.ToDisplayName()} is not supported",
        };
        await SendMessageAsync(message.Context, response, null).ConfigureAwait(false);
    }
}
