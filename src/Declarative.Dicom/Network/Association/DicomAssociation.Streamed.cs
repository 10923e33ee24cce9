using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// C-FIND, C-MOVE and C-GET as the requestor: the pending responses are handed to the caller one at a time, in bounded
/// memory (the receive loop waits when the caller is slower than the peer). Leaving early, or cancelling the token, sends
/// C-CANCEL and reads the responses still on their way up to the final one, so the association is ready for the next request.
/// </summary>
public sealed partial class DicomAssociation
{
    // Responses are held for a slow caller up to this many; then the receive loop waits (TCP pushes back on the peer).
    private const int MatchesBuffered = 32;

    // Where the responses to each of our C-FINDs, C-MOVEs and C-GETs go, by its Message ID; guarded by itself.
    private readonly Dictionary<ushort, ChannelWriter<DimseResponse>> _streamedResponses = [];

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
        await using var call = await StartStreamedAsync(request, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var response = await call.NextAsync(cancellationToken).ConfigureAwait(false);
            if (response.Status.IsPending)
            {
                if (response.Dataset is { } match)
                {
                    yield return match;
                }

                continue;
            }

            if (response.Status != DimseStatus.Success && response.Status != DimseStatus.Cancel)
            {
                throw new DimseFailureException($"{request} ended with {response}", response);
            }

            yield break;
        }
    }

    /// <summary>
    /// Sends the C-MOVE and waits for its final response, reporting each pending response's counts to <paramref name="progress"/>
    /// as it arrives. The result carries the final status (Success, 0xB000, a failure: not thrown), the counts and the Failed
    /// SOP Instance UID List. Cancelling <paramref name="cancellationToken"/> sends C-CANCEL, waits for the final response and throws.
    /// </summary>
    public Task<RetrieveResult> MoveAsync(CMoveRequest request, IProgress<RetrieveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RetrieveAsync(request, progress, cancellationToken);

    /// <summary>
    /// Sends the C-GET and waits for its final response, as <see cref="MoveAsync"/> does. The instances come as C-STORE requests
    /// on this association, to the handler it was opened with (its [CStore] methods): propose their storage SOP classes with
    /// <see cref="PresentationContextRequest.ScpRole"/> set, or the SCP cannot send them (PS3.4 C.4.3).
    /// </summary>
    public Task<RetrieveResult> GetAsync(CGetRequest request, IProgress<RetrieveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RetrieveAsync(request, progress, cancellationToken);

    private async Task<RetrieveResult> RetrieveAsync(QueryRequest request, IProgress<RetrieveProgress>? progress, CancellationToken cancellationToken)
    {
        await using var call = await StartStreamedAsync(request, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var response = await call.NextAsync(cancellationToken).ConfigureAwait(false);
            if (!response.Status.IsPending)
            {
                return RetrieveResult.From(response);
            }

            progress?.Report(RetrieveProgress.From(response));
        }
    }

    /// <summary>Sends a request answered by several responses and registers where they go; disposing it before the final one cancels it.</summary>
    private async ValueTask<StreamedCall> StartStreamedAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var context = ChooseContext(request);
        var window = _requests ?? throw new DicomAssociationException("The association is not established.");
        var slot = await window.RentAsync(cancellationToken).ConfigureAwait(false);
        var responses = Channel.CreateBounded<DimseResponse>(new BoundedChannelOptions(MatchesBuffered) { SingleReader = true, SingleWriter = true });
        var messageId = NextMessageId();
        request.MessageId = messageId;
        lock (_streamedResponses)
        {
            _streamedResponses[messageId] = responses.Writer;
        }

        var call = new StreamedCall(this, request, context, responses.Reader, slot, window);
        try
        {
            var buffer = slot.DatasetBuffer;
            buffer.Clear();
            request.Identifier.EncodeInto(buffer, DicomTransferSyntax.Lookup(context.TransferSyntax));
            await SendMessageAsync(context, request.WriteCommand(slot.Command, messageId), buffer.WrittenMemory, immediate: true).ConfigureAwait(false);
            return call;
        }
        catch
        {
            call.Ended = true; // never sent: nothing to cancel
            await call.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One request of ours answered by several responses: reads them, and cancels it if left before the final one.</summary>
    private sealed class StreamedCall(DicomAssociation association, DimseRequest request, NegotiatedContext context, ChannelReader<DimseResponse> responses,
        RequestSlot slot, RequestWindow window) : IAsyncDisposable
    {
        public bool Ended { get; set; }

        public async ValueTask<DimseResponse> NextAsync(CancellationToken cancellationToken)
        {
            var response = await association.NextResponseAsync(responses, request, cancellationToken).ConfigureAwait(false);
            Ended |= !response.Status.IsPending;
            return response;
        }

        public async ValueTask DisposeAsync()
        {
            if (!Ended && association._state == AssociationState.Sta6)
            {
                await association.CancelStreamedAsync(context, request, responses).ConfigureAwait(false);
            }

            lock (association._streamedResponses)
            {
                association._streamedResponses.Remove(request.MessageId);
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

    /// <summary>Sends C-CANCEL for our C-FIND, C-MOVE or C-GET and reads what is still coming, up to the final response.</summary>
    private async ValueTask CancelStreamedAsync(NegotiatedContext context, DimseRequest request, ChannelReader<DimseResponse> responses)
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

    /// <summary>A response to one of our C-FINDs, C-MOVEs or C-GETs goes to its caller's channel; false for any other response.</summary>
    private async ValueTask<bool> TryDeliverStreamedResponseAsync(DimseCommand command, DicomDataset? dataset)
    {
        ChannelWriter<DimseResponse>? writer;
        lock (_streamedResponses)
        {
            if (_streamedResponses.Count == 0 || !_streamedResponses.TryGetValue(command.MessageIdBeingRespondedTo ?? 0, out writer))
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
    private void FailStreamed(Exception error)
    {
        lock (_streamedResponses)
        {
            foreach (var writer in _streamedResponses.Values)
            {
                writer.TryComplete(error);
            }
        }
    }
}
