using System.Runtime.CompilerServices;
using System.Net.Sockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network.Association;

/// <summary>Writing PDUs and DIMSE messages, and sending requests of our own.</summary>
public sealed partial class DicomAssociation
{
    /// <summary>
    /// Sends a request and waits for its response (up to the DIMSE timeout, after which the association
    /// is aborted: its state is unknown). Requests the peer sends meanwhile are served as they arrive,
    /// so an N-EVENT-REPORT that comes before our N-ACTION response is answered, not lost.
    /// Callers may send concurrently: as many requests go out at once as the negotiated asynchronous operations
    /// window allows (<see cref="DicomAssociationInfo.MaxOperationsInvoked"/>; one without it), the others wait
    /// their turn, and each response is matched to its request by Message ID. Requests that had to wait for room may
    /// leave in another order than they were called in (several are let go at once); a caller that needs its order on
    /// the wire calls only when there is room, as the report outbox does.
    /// A pooled <see cref="ValueTask{TResult}"/>, so that a request costs no state machine allocation: await it
    /// once (or call AsTask() to keep it).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<DimseResponse> SendAsync(DimseRequest request, CancellationToken cancellationToken = default)
    {
        // A dataset encoded in a file goes out as it is: only a context with the file's transfer syntax will do.
        var file = (request as CStoreRequest)?.EncodedFile;
        var context = ChooseContext(request, file?.TransferSyntax.Uid);
        var window = _requests ?? throw new DicomAssociationException("The association is not established.");
        var slot = await window.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var messageId = NextMessageId();
            request.MessageId = messageId;
            ReadOnlyMemory<byte>? dataset = null;
            if (request.Dataset is { } data)
            {
                var buffer = slot.DatasetBuffer;
                buffer.Clear();
                data.EncodeInto(buffer, DicomTransferSyntax.Lookup(context.TransferSyntax));
                dataset = buffer.WrittenMemory;
            }

            var response = slot.Pending.Wait(messageId);
            using var timeout = ArmOrEnded(slot, request, cancellationToken);
            Volatile.Write(ref slot.WriterAnnounced, 1);
            Interlocked.Increment(ref _requestWritersComing);
            try
            {
                await SendMessageAsync(context, request.WriteCommand(slot.Command, messageId), dataset, file, slot).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                slot.Pending.Fail(ex); // nothing will answer a request that was not sent
                throw;
            }
            finally
            {
                // Not written after all (the association ended first): the request written before may be waiting for this one.
                if (WriterArrived(slot) == 0)
                {
                    await FlushHeldAsync().ConfigureAwait(false);
                }
            }

            try
            {
                return await response.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                NetworkLog.TimedOut(_logger, _name, $"waiting for the response to {request}", _options.DimseTimeout.TotalSeconds);
                await AbortAsync().ConfigureAwait(false);
                throw new DicomAssociationTimeoutException($"No response to {request} within {_options.DimseTimeout.TotalSeconds:0} s; the association was aborted.");
            }
        }
        finally
        {
            window.Return(slot);
        }
    }

    /// <summary>
    /// The request's DIMSE timer, or — when the association ended while the request was being prepared (a node killed, a peer
    /// that aborted: its window is gone) — the association's failure, as a request sent a moment earlier would have got it.
    /// </summary>
    private RequestSlot.DimseWait ArmOrEnded(RequestSlot slot, DimseRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return slot.Arm(_options.DimseTimeout, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            throw _failure is DicomAssociationAbortedException aborted
                ? new DicomAssociationAbortedException($"{request} was not sent: {aborted.Message}", aborted.AbortSource, aborted.Reason)
                : new DicomAssociationException($"{request} was not sent: the association has ended.", _failure);
        }
    }

    private NegotiatedContext ChooseContext(DimseRequest request, string? transferSyntax = null)
    {
        // We send N-EVENT-REPORT as the SCP of the service; everything else as its SCU.
        var asScp = request.CommandField == DimseCommandField.NEventReportRequest;
        NegotiatedContext? fallback = null;
        var abstractSyntax = request.ContextSopClassUid ?? request.SopClassUid;
        var contexts = Info.PresentationContexts;
        for (var i = 0; i < contexts.Count; i++) // indexed: no boxed enumerator per message sent
        {
            var context = contexts[i];
            if (!context.IsAccepted || context.AbstractSyntax != abstractSyntax || (transferSyntax is not null && context.TransferSyntax != transferSyntax))
            {
                continue;
            }

            var weMay = asScp ? context.PeerMayBeScu(_isRequestor) : context.PeerMayBeScp(_isRequestor);
            if (weMay)
            {
                return context;
            }

            fallback ??= context;
        }

        return fallback ?? throw new DicomAssociationException(transferSyntax is null
            ? $"No presentation context for {DicomUidDictionary.Describe(abstractSyntax)} was accepted on this association; propose one when opening it."
            : $"No presentation context for {DicomUidDictionary.Describe(request.SopClassUid)} in {DicomUidDictionary.Describe(transferSyntax)} (the file's transfer syntax, sent as stored) was accepted on this association; propose one when opening it.");
    }

    private ushort NextMessageId()
    {
        // Message IDs are 16 bits; 0 is avoided so that "absent" never collides with a real one.
        var next = (ushort)Interlocked.Increment(ref _nextMessageId);
        return next == 0 ? (ushort)Interlocked.Increment(ref _nextMessageId) : next;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendMessageAsync(NegotiatedContext context, DimseCommand command, ReadOnlyMemory<byte>? dataset, EncodedDataset? file = null,
        RequestSlot? slot = null, bool immediate = false)
    {
        try
        {
            await ProcessAsync(AssociationEvent.Evt9, new EventData(Outgoing: new OutgoingMessage(context, command, dataset, file, slot, immediate))).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new DicomAssociationException($"Cannot send {command.CommandField.ToDisplayName()}: the association is not established.", ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw new DicomAssociationException($"Sending {command.CommandField.ToDisplayName()} failed: {ex.Message}", ex);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            NetworkLog.MessageSent(_logger, _name, command.ToString());
        }
    }

    /// <summary>DT-1 and AR-7: the command set is encoded here, under the lock, into the association's reused buffers.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteMessageAsync(OutgoingMessage message)
    {
        _commandBuffer.Clear();
        DimseCommandCodec.Encode(_commandBuffer, message.Command);
        // A response to a request while more requests are already here (a peer using the asynchronous operations
        // window) waits in the buffer for the next one: the receive loop flushes before it waits for input. A request
        // of ours waits for the next of ours already on its way: the last one to arrive writes them all.
        var hold = message.Slot is { } slot
            ? WriterArrived(slot) > 0
            : message.Command.CommandField.IsResponse() && !message.Immediate && MoreInputBuffered;
        try
        {
            if (message.EncodedFile is { } file)
            {
                await using var dataset = file.Open();
                await DimseMessageWriter.WriteAsync(_stream, _sendBuffer, message.Context.Id, _commandBuffer.WrittenMemory, dataset, file.Length,
                    _info!.PeerMaxPduLength, _shutdown.Token).ConfigureAwait(false);
            }
            else
            {
                await DimseMessageWriter.WriteAsync(_stream, _sendBuffer, message.Context.Id, _commandBuffer.WrittenMemory, message.Dataset,
                    _info!.PeerMaxPduLength, flush: !hold, _shutdown.Token).ConfigureAwait(false);
            }
        }
        catch
        {
            _sendBuffer.Clear(); // no half message may precede what is written next (an A-ABORT)
            throw;
        }
    }

    /// <summary>Requests received and not yet served, or a whole PDU read ahead: the receive loop will be back without waiting.</summary>
    private bool MoreInputBuffered => _received.Count > 0 || _reader.HasCompletePdu;

    /// <summary>
    /// Counts a request out of those coming to the writer, once (the writer or, if it never got there, SendAsync);
    /// returns -1 when it was already counted out, else how many are still coming.
    /// </summary>
    private int WriterArrived(RequestSlot slot) =>
        Interlocked.Exchange(ref slot.WriterAnnounced, 0) == 1 ? Interlocked.Decrement(ref _requestWritersComing) : -1;

    /// <summary>Sends what was held back for coalescing (responses, requests); the receive loop calls it before it waits for input.</summary>
    private async ValueTask FlushHeldAsync()
    {
        await _machineLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await DimseMessageWriter.FlushAsync(_stream, _sendBuffer, _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is going: the read that follows finds out and ends the association.
            _sendBuffer.Clear();
        }
        finally
        {
            _machineLock.Release();
        }
    }

    private async ValueTask WritePduAsync(Pdu pdu)
    {
        // After any responses held back, in order.
        PduWriter.Write(_sendBuffer, pdu);
        await DimseMessageWriter.FlushAsync(_stream, _sendBuffer, _shutdown.Token).ConfigureAwait(false);
    }

    /// <summary>For PDUs that end an association: a peer that is already gone is not an error.</summary>
    private async ValueTask TryWritePduAsync(Pdu pdu)
    {
        try
        {
            await WritePduAsync(pdu).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug("Association {Association}: could not send {Pdu}: {Error}", _name, pdu.Type, ex.Message);
        }
    }
}
