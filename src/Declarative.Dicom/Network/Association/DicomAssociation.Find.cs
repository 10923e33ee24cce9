using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// C-FIND as the requestor: the matches arrive as pending responses and are handed to the caller one at a time, in
/// bounded memory (the receive loop waits when the caller is slower than the peer). Leaving the loop early, or cancelling
/// its token, sends C-CANCEL and reads the responses still on their way up to the final one, so the association is ready
/// for the next request.
/// </summary>
public sealed partial class DicomAssociation
{
    // Responses are held for a slow caller up to this many; then the receive loop waits (TCP pushes back on the peer).
    private const int MatchesBuffered = 32;

    // By the Message ID of our C-FIND each one answers; guarded by itself.
    private readonly Dictionary<ushort, ChannelWriter<DimseResponse>> _findResponses = [];

    /// <summary>Queries <paramref name="sopClassUid"/> with <paramref name="identifier"/>; see <see cref="FindAsync(CFindRequest, CancellationToken)"/>.</summary>
    public IAsyncEnumerable<DicomDataset> FindAsync(string sopClassUid, DicomDataset identifier, CancellationToken cancellationToken = default) =>
        FindAsync(new CFindRequest(sopClassUid, identifier), cancellationToken);

    /// <summary>
    /// Sends the C-FIND and yields each match's Identifier as its pending response arrives. Ends at the final response:
    /// Success (or Cancel, after a C-CANCEL of ours); a failure status throws <see cref="DimseFailureException"/> with it.
    /// Leaving the loop early or cancelling <paramref name="cancellationToken"/> sends C-CANCEL (PS3.7 9.3.2.3) and waits for
    /// the final response. Each response must come within the DIMSE timeout, else the association is aborted.
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> FindAsync(CFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = ChooseContext(request);
        var window = _requests ?? throw new DicomAssociationException("The association is not established.");
        var slot = await window.RentAsync(cancellationToken).ConfigureAwait(false);
        var responses = Channel.CreateBounded<DimseResponse>(new BoundedChannelOptions(MatchesBuffered) { SingleReader = true, SingleWriter = true });
        var messageId = NextMessageId();
        request.MessageId = messageId;
        var ended = false;
        lock (_findResponses)
        {
            _findResponses[messageId] = responses.Writer;
        }

        try
        {
            var buffer = slot.DatasetBuffer;
            buffer.Clear();
            request.Identifier.EncodeInto(buffer, DicomTransferSyntax.Lookup(context.TransferSyntax));
            await SendMessageAsync(context, request.WriteCommand(slot.Command, messageId), buffer.WrittenMemory, immediate: true).ConfigureAwait(false);
            while (true)
            {
                var response = await NextResponseAsync(responses.Reader, request, cancellationToken).ConfigureAwait(false);
                if (response.Status.IsPending)
                {
                    if (response.Dataset is { } match)
                    {
                        yield return match;
                    }

                    continue;
                }

                ended = true;
                if (response.Status != DimseStatus.Success && response.Status != DimseStatus.Cancel)
                {
                    throw new DimseFailureException($"{request} ended with {response}", response);
                }

                yield break;
            }
        }
        finally
        {
            if (!ended && _state == AssociationState.Sta6)
            {
                await CancelFindAsync(context, request, responses.Reader).ConfigureAwait(false);
            }

            lock (_findResponses)
            {
                _findResponses.Remove(messageId);
            }

            window.Return(slot);
        }
    }

    /// <summary>The next response to our C-FIND, within the DIMSE timeout (then the association is aborted: its state is unknown).</summary>
    private async ValueTask<DimseResponse> NextResponseAsync(ChannelReader<DimseResponse> responses, DimseRequest request, CancellationToken cancellationToken)
    {
        if (responses.TryRead(out var ready))
        {
            return ready;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.DimseTimeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_options.DimseTimeout);
        }

        try
        {
            return await responses.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            NetworkLog.TimedOut(_logger, _name, $"waiting for a response to {request}", _options.DimseTimeout.TotalSeconds);
            await AbortAsync().ConfigureAwait(false);
            throw new DicomAssociationTimeoutException($"No response to {request} within {_options.DimseTimeout.TotalSeconds:0} s; the association was aborted.");
        }
        catch (ChannelClosedException ex)
        {
            throw ex.InnerException ?? new DicomAssociationAbortedException("The association ended before the C-FIND's final response.");
        }
    }

    /// <summary>Sends C-CANCEL for our C-FIND and reads what is still coming, up to the final response.</summary>
    private async ValueTask CancelFindAsync(NegotiatedContext context, DimseRequest request, ChannelReader<DimseResponse> responses)
    {
        try
        {
            var cancel = new DimseCommand { CommandField = DimseCommandField.CCancelRequest, MessageIdBeingRespondedTo = request.MessageId };
            await SendMessageAsync(context, cancel, null, immediate: true).ConfigureAwait(false);
            while ((await NextResponseAsync(responses, request, CancellationToken.None).ConfigureAwait(false)).Status.IsPending)
            {
            }
        }
        catch (DicomAssociationException)
        {
            // Aborted or gone: nothing is left to drain.
        }
    }

    /// <summary>A response to one of our C-FINDs goes to its caller's channel; false for any other response.</summary>
    private async ValueTask<bool> TryDeliverFindResponseAsync(DimseCommand command, DicomDataset? dataset)
    {
        ChannelWriter<DimseResponse>? writer;
        lock (_findResponses)
        {
            if (_findResponses.Count == 0 || !_findResponses.TryGetValue(command.MessageIdBeingRespondedTo ?? 0, out writer))
            {
                return false;
            }
        }

        var response = DimseResponse.FromCommand(command, dataset);
        if (!writer.TryWrite(response))
        {
            try
            {
                await writer.WriteAsync(response, _shutdown.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                // The association is ending, or the caller is gone.
            }
        }

        return true;
    }

    /// <summary>
    /// The association is ending (released or ended): every C-FIND still reading fails with <paramref name="error"/> after the
    /// matches it already holds, and responses still coming for it are dropped, so that the receive loop never waits for a caller.
    /// </summary>
    private void FailFinds(Exception error)
    {
        lock (_findResponses)
        {
            foreach (var writer in _findResponses.Values)
            {
                writer.TryComplete(error);
            }
        }
    }
}
