using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// Requests answered by a stream (C-FIND): the matches go out as pending responses while the receive loop goes on
/// reading, so that a C-CANCEL naming the request (PS3.7 9.3.2.3) is read and cancels the stream's token at once. The
/// token is also cancelled by a release (the stream ends with 0xFE00 before A-RELEASE-RP) and by an abort or the end of
/// the association. As many streams run at once as the asynchronous operations window lets the peer invoke (one without it).
/// </summary>
public sealed partial class DicomAssociation
{
    // By the Message ID of the request each one answers; guarded by itself.
    private readonly Dictionary<ushort, RunningStream> _streams = [];

    /// <summary>One stream in progress: what cancels it, and its end.</summary>
    private sealed class RunningStream(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public Task Done { get; set; } = Task.CompletedTask;
    }

    /// <summary>
    /// Calls the handler of a C-FIND, C-MOVE or C-GET with a token of the request's own, and streams its answer detached
    /// (true): matches, or the C-STORE sub-operations of the instances it names. A request answered at once (a refusal, an
    /// unknown move destination, a failure) is answered here like any request (false).
    /// </summary>
    private async ValueTask<bool> ServeStreamingAsync(QueryRequest request, ReceivedMessage message, DicomTransferSyntax syntax, long started, Activity? activity)
    {
        var context = message.Context;
        var running = new RunningStream(CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token));
        var refusal = Register(request.MessageId, running);
        var destination = default(RemoteApplicationEntity);
        var response = refusal ?? RoleRefusal(request, context) ?? (request is CMoveRequest move ? UnknownDestination(move, out destination) : null)
            ?? await _invoker.InvokeStreamAsync(request, context, _name, running.Cancel.Token).ConfigureAwait(false);
        // A hand-written handler could answer a query with the other kind of stream: only a C-MOVE or C-GET sends instances.
        if (response.Instances is { } instances && request is not CFindRequest)
        {
            running.Done = RetrieveAsync(request, instances, destination, running, message, started, activity);
            return true;
        }

        if (response.Matches is not { } matches || request is not CFindRequest find)
        {
            if (refusal is null)
            {
                Unregister(request.MessageId, running);
            }

            running.Cancel.Dispose();
            DicomMetrics.RequestAnswered(request.CommandField, response.Status, started);
            DicomActivities.Answered(activity, response.Status);
            await SendResponseAsync(request, response, context, syntax).ConfigureAwait(false);
            return false;
        }

        running.Done = StreamAsync(find, matches, running, message, syntax, started, activity);
        return true;
    }

    /// <summary>Makes the request's stream known to C-CANCEL; a refusal when the peer already has as many running as it may, or one with the same Message ID.</summary>
    private DimseResponse? Register(ushort messageId, RunningStream running)
    {
        lock (_streams)
        {
            if (_streams.ContainsKey(messageId))
            {
                return DimseResponse.FromStatus(DimseStatus.DuplicateInvocation, $"message {messageId} is still being answered");
            }

            var allowed = Math.Max(1, _info?.MaxOperationsPerformed ?? 1);
            if (_streams.Count >= allowed)
            {
                return DimseResponse.FromStatus(DimseStatus.OutOfResources, $"{_streams.Count} queries already running on this association");
            }

            _streams.Add(messageId, running);
            return null;
        }
    }

    private void Unregister(ushort messageId, RunningStream running)
    {
        lock (_streams)
        {
            if (_streams.TryGetValue(messageId, out var registered) && registered == running)
            {
                _streams.Remove(messageId);
            }
        }
    }

    /// <summary>C-CANCEL-RQ: cancels the stream answering the message it names; one for a request already answered is ignored (PS3.7 9.3.2.3 allows the race).</summary>
    private void CancelStream(DimseCommand command)
    {
        var id = command.MessageIdBeingRespondedTo ?? 0;
        RunningStream? running;
        lock (_streams)
        {
            _streams.TryGetValue(id, out running);
        }

        NetworkLog.CancelReceived(_logger, _name, id, running is null ? ": no query of that message is running (already answered)" : ": cancelling its query");
        try
        {
            running?.Cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended between the lookup and the cancel.
        }
    }

    /// <summary>Before A-RELEASE-RP: every stream is cancelled and has sent its final response.</summary>
    private async ValueTask EndStreamsAsync()
    {
        RunningStream[] running;
        lock (_streams)
        {
            running = [.. _streams.Values];
        }

        foreach (var stream in running)
        {
            try
            {
                stream.Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        foreach (var stream in running)
        {
            await stream.Done.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends each match, projected onto the query's keys, as one pending response with buffers of the stream's own (memory
    /// stays one match whatever their number), then the final response: Success, Cancel, or Unable to process.
    /// </summary>
    private async Task StreamAsync(CFindRequest request, IAsyncEnumerable<DicomDataset> matches, RunningStream running, ReceivedMessage message,
        DicomTransferSyntax syntax, long started, Activity? activity)
    {
        await Task.Yield(); // the receive loop goes back to reading before the first match is produced
        var context = message.Context;
        var token = running.Cancel.Token;
        var command = new DimseCommand();
        var buffer = new ByteBuffer(4096);
        var sent = 0;
        var final = DimseStatus.Success;
        string? comment = null;
        DicomMetrics.ConcurrentCall(request.CommandField, +1);
        try
        {
            try
            {
                await foreach (var match in matches.WithCancellation(token).ConfigureAwait(false))
                {
                    if (token.IsCancellationRequested)
                    {
                        break;
                    }

                    buffer.Clear();
                    request.Query.Project(match).EncodeInto(buffer, syntax);
                    var pending = request.Query.HasUnsupportedKeys ? DimseStatus.PendingOptionalKeysNotSupported : DimseStatus.Pending;
                    await SendMessageAsync(context, ResponseCommand(command, request, pending, null, hasDataset: true), buffer.WrittenMemory,
                        immediate: true).ConfigureAwait(false);
                    sent++;
                }

                final = token.IsCancellationRequested ? DimseStatus.Cancel : DimseStatus.Success;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                final = DimseStatus.Cancel;
            }
            catch (DicomAssociationException ex)
            {
                NetworkLog.DetachedResponseLost(_logger, _name, request.ToString(), ex.Message);
                return;
            }
            catch (DimseStatusException thrown)
            {
                (final, comment) = (thrown.Status, HandlerResults.Thrown(request, thrown).ErrorComment);
                NetworkLog.StreamEndedByHandler(_logger, _name, request.ToString(), sent, final.Code, comment);
            }
            catch (Exception ex)
            {
                final = DimseStatus.UnableToProcess;
                comment = $"{ex.GetType().Name}: {ex.Message}";
                NetworkLog.StreamFailed(_logger, ex, _name, request.ToString(), sent, final.Code);
            }

            if (_shutdown.IsCancellationRequested)
            {
                NetworkLog.DetachedResponseLost(_logger, _name, request.ToString(), "the association ended while its matches were being sent");
                return;
            }

            NetworkLog.StreamEnded(_logger, _name, request.ToString(), final.Code, sent, final == DimseStatus.Cancel ? " (cancelled)" : string.Empty);
            DicomMetrics.RequestAnswered(request.CommandField, final, started);
            DicomActivities.Answered(activity, final);
            await SendMessageAsync(context, ResponseCommand(command, request, final, comment, hasDataset: false), null, immediate: true).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            NetworkLog.DetachedResponseLost(_logger, _name, request.ToString(), ex.Message);
        }
        finally
        {
            EndStream(request, running, message, activity);
        }
    }

    /// <summary>A stream has sent its final response (or has no one left to send it to): what it held goes back, and C-CANCEL forgets it.</summary>
    private void EndStream(DimseRequest request, RunningStream running, ReceivedMessage message, Activity? activity)
    {
        DicomMetrics.ConcurrentCall(request.CommandField, -1);
        Unregister(request.MessageId, running);
        running.Cancel.Dispose();
        activity?.Dispose();
        if (message.LentBuffer is { } lent)
        {
            ReturnLent(lent);
        }
    }

    /// <summary>A C-FIND-RSP: the fields PS3.7 Table 9.3-2 gives it, in the stream's reused command.</summary>
    private static DimseCommand ResponseCommand(DimseCommand command, DimseRequest request, DimseStatus status, string? comment, bool hasDataset)
    {
        command.Clear();
        command.CommandField = request.CommandField.ResponseOf();
        command.MessageIdBeingRespondedTo = request.MessageId;
        command.AffectedSopClassUid = request.SopClassUid;
        command.Status = status.Code;
        command.ErrorComment = comment is { Length: > DimseResponse.MaxErrorCommentLength } ? comment[..DimseResponse.MaxErrorCommentLength] : comment;
        command.HasDataset = hasDataset;
        return command;
    }
}
