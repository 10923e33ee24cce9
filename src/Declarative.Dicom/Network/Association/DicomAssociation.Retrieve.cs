using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// C-MOVE and C-GET as the SCP: the handler names the instances, the association performs the C-STORE sub-operations
/// (PS3.4 C.4.2.3, C.4.3.3) — to the move destination on an association of their own, or back to the requestor on this one
/// — counts them, sends a pending response with the counts after each, and ends with the status the counts call for.
/// </summary>
public sealed partial class DicomAssociation
{
    /// <summary>The destination of a C-MOVE from the server's AE table; a refusal (0xA801) when it has none by that title.</summary>
    private DimseResponse? UnknownDestination(CMoveRequest move, out RemoteApplicationEntity? destination)
    {
        destination = null;
        var table = _serverOptions?.MoveDestinations ?? _serverOptions?.KnownPeers;
        if (table is not null && table.TryFind(move.MoveDestination.Trim(), out var found))
        {
            destination = found;
            return null;
        }

        _logger.LogWarning("Association {Association}: {Request} names move destination '{Destination}', which is not in the AE table ({Table}); answering 0xA801",
            _name, move.ToString(), move.MoveDestination, table is null ? "none configured: DicomServerOptions.MoveDestinations" : string.Join(", ", table.Entities.Select(e => e.AETitle)));
        return DimseResponse.FromStatus(DimseStatus.MoveDestinationUnknown, $"move destination {move.MoveDestination} is unknown");
    }

    /// <summary>Performs the sub-operations and answers the C-MOVE or C-GET; runs detached, its token cancelled by C-CANCEL, release or abort.</summary>
    private async Task RetrieveAsync(QueryRequest request, IAsyncEnumerable<CStoreRequest> instances, RemoteApplicationEntity? destination,
        RunningStream running, ReceivedMessage message, long started, Activity? activity)
    {
        await Task.Yield(); // the receive loop goes back to reading before the handler is asked for its instances
        var context = message.Context;
        var token = running.Cancel.Token;
        var command = new DimseCommand();
        var counts = new SubOperationCounts();
        var final = DimseStatus.Success;
        string? comment = null;
        DicomAssociation? target = null;
        DicomMetrics.ConcurrentCall(request.CommandField, +1);
        try
        {
            try
            {
                // Instances are references (a file each, typically): listing them first gives the counts PS3.4 asks for.
                var list = new List<CStoreRequest>();
                await foreach (var instance in instances.WithCancellation(token).ConfigureAwait(false))
                {
                    list.Add(instance);
                }

                counts.Remaining = list.Count;
                if (list.Count > 0 && !token.IsCancellationRequested)
                {
                    target = destination is null ? this : await OpenMoveDestinationAsync(destination, list, token).ConfigureAwait(false);
                    foreach (var instance in list)
                    {
                        if (token.IsCancellationRequested)
                        {
                            break;
                        }

                        await StoreAsync(target, request, instance, counts, token).ConfigureAwait(false);
                        await SendMessageAsync(context, RetrieveCommand(command, request, DimseStatus.Pending, counts, null, hasDataset: false), null, immediate: true)
                            .ConfigureAwait(false);
                    }
                }

                final = token.IsCancellationRequested ? DimseStatus.Cancel : counts.FinalStatus;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                final = DimseStatus.Cancel;
            }
            catch (MoveDestinationException ex)
            {
                // The destination could not be reached, or went away: what was not sent has failed.
                final = counts.Completed + counts.Warning == 0 ? DimseStatus.UnableToPerformSubOperations : DimseStatus.SubOperationsCompleteWithFailures;
                comment = ex.Message;
                _logger.LogWarning("Association {Association}: {Request}: {Problem}; {Failed} sub-operation(s) failed", _name, request.ToString(), ex.Message, counts.Failed);
            }
            catch (DimseStatusException thrown)
            {
                (final, comment) = (thrown.Status, HandlerResults.Thrown(request, thrown).ErrorComment);
                NetworkLog.StreamEndedByHandler(_logger, _name, request.ToString(), counts.Completed, final.Code, comment);
            }
            catch (Exception ex) when (ex is not DicomAssociationException || target != this)
            {
                final = DimseStatus.UnableToProcess;
                comment = $"{ex.GetType().Name}: {ex.Message}";
                NetworkLog.StreamFailed(_logger, ex, _name, request.ToString(), counts.Completed, final.Code);
            }

            if (_shutdown.IsCancellationRequested)
            {
                NetworkLog.DetachedResponseLost(_logger, _name, request.ToString(), "the association ended while its sub-operations ran");
                return;
            }

            _logger.LogInformation("Association {Association}: {Request} ended with 0x{Status:X4}: {Completed} completed, {Failed} failed, {Warning} warning, {Remaining} not sent",
                _name, request.ToString(), final.Code, counts.Completed, counts.Failed, counts.Warning, counts.Remaining);
            DicomMetrics.RequestAnswered(request.CommandField, final, started);
            DicomActivities.Answered(activity, final);
            ReadOnlyMemory<byte>? failedList = null;
            if (counts.FailedInstances.Count > 0 && final != DimseStatus.Success)
            {
                var buffer = new ByteBuffer(256);
                new DicomDataset().Set(DicomTag.FailedSOPInstanceUIDList, [.. counts.FailedInstances]).EncodeInto(buffer, DicomTransferSyntax.Lookup(context.TransferSyntax));
                failedList = buffer.WrittenMemory;
            }

            await SendMessageAsync(context, RetrieveCommand(command, request, final, counts, comment, hasDataset: failedList is not null), failedList, immediate: true)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            NetworkLog.DetachedResponseLost(_logger, _name, request.ToString(), ex.Message);
        }
        finally
        {
            if (target is not null && target != this)
            {
                await target.DisposeAsync().ConfigureAwait(false); // releases the sub-association
            }

            EndStream(request, running, message, activity);
        }
    }

    /// <summary>One C-STORE sub-operation, counted by its status; a C-GET's needs a context the requestor is SCP of (role selection).</summary>
    private async ValueTask StoreAsync(DicomAssociation target, QueryRequest request, CStoreRequest instance, SubOperationCounts counts, CancellationToken token)
    {
        counts.Remaining--;
        var uid = instance.SopInstanceUid ?? string.Empty;
        if (target.ContextProblem(instance, asRetrieveScp: target == this) is { } problem)
        {
            _logger.LogWarning("Association {Association}: {Request}: {Instance} not sent: {Problem}", _name, request.ToString(), uid, problem);
            counts.Fail(uid);
            return;
        }

        if (request is CMoveRequest)
        {
            instance.SetMoveOriginator(_info!.CallingAETitle, request.MessageId);
        }

        DimseResponse response;
        try
        {
            response = await target.SendAsync(instance, token).ConfigureAwait(false);
        }
        catch (DicomAssociationException ex) when (target != this)
        {
            counts.Fail(uid);
            throw new MoveDestinationException($"the association to the move destination ended: {ex.Message}", ex);
        }

        switch (response.Status.Category)
        {
            case DimseStatusCategory.Success:
                counts.Completed++;
                break;
            case DimseStatusCategory.Warning:
                counts.Warning++;
                break;
            default:
                _logger.LogWarning("Association {Association}: {Request}: C-STORE of {Instance} answered {Status}", _name, request.ToString(), uid, response.ToString());
                counts.Fail(uid);
                break;
        }
    }

    /// <summary>
    /// Why <paramref name="instance"/> cannot be sent on this association, or null: no accepted context of its SOP class (in
    /// its file's transfer syntax, for one sent as stored), or for a C-GET's sub-operation, none the requestor took the SCP
    /// role of (it must propose it, PS3.4 C.4.3.1, PS3.7 D.3.3.4).
    /// </summary>
    private string? ContextProblem(CStoreRequest instance, bool asRetrieveScp)
    {
        var syntax = instance.EncodedFile?.TransferSyntax.Uid;
        var withClass = false;
        var withRole = false;
        foreach (var context in Info.PresentationContexts)
        {
            if (!context.IsAccepted || context.AbstractSyntax != instance.SopClassUid)
            {
                continue;
            }

            withClass = true;
            var roleOk = !asRetrieveScp || context.PeerMayBeScp(_isRequestor);
            withRole |= roleOk;
            if (roleOk && (syntax is null || context.TransferSyntax == syntax))
            {
                return null;
            }
        }

        var name = DicomUidDictionary.Describe(instance.SopClassUid);
        if (!withClass)
        {
            return asRetrieveScp
                ? $"the requestor did not propose {name} with the SCP role (a C-GET's C-STOREs come back on its association)"
                : $"the destination accepted no presentation context for {name}";
        }

        return !withRole
            ? $"the requestor proposed {name} without the SCP role (role selection, PS3.7 D.3.3.4), so it cannot receive the C-GET's C-STORE"
            : $"no context for {name} in {DicomUidDictionary.Describe(syntax!)}, the transfer syntax the instance is stored in, was accepted";
    }

    /// <summary>The association to a C-MOVE's destination: our AE title as calling AE, one context per SOP class and transfer syntax to send.</summary>
    private async Task<DicomAssociation> OpenMoveDestinationAsync(RemoteApplicationEntity destination, List<CStoreRequest> instances, CancellationToken token)
    {
        var contexts = instances
            .Select(i => (i.SopClassUid, Syntax: i.EncodedFile?.TransferSyntax.Uid))
            .Distinct()
            .Select(c => c.Syntax is null ? new PresentationContextRequest(c.SopClassUid) : new PresentationContextRequest(c.SopClassUid) { TransferSyntaxes = [c.Syntax] })
            .ToList();
        if (contexts.Count > MaxProposedContexts)
        {
            throw new MoveDestinationException($"the instances need {contexts.Count} presentation contexts; one association carries at most {MaxProposedContexts}");
        }

        var options = new DicomClientOptions
        {
            AETitle = _serverOptions?.AETitle ?? _info!.CalledAETitle,
            AcseTimeout = _options.AcseTimeout,
            DimseTimeout = _options.DimseTimeout,
            MaxPduLength = _options.MaxPduLength,
        };
        try
        {
            return await DicomClient.ConnectAsync(destination, contexts, options, cancellationToken: token).ConfigureAwait(false);
        }
        catch (DicomAssociationException ex)
        {
            throw new MoveDestinationException($"could not open an association to {destination}: {ex.Message}", ex);
        }
    }

    // PS3.8 9.3.2.2: presentation context IDs are the odd numbers 1 to 255.
    private const int MaxProposedContexts = 128;

    /// <summary>A C-MOVE-RSP or C-GET-RSP (PS3.7 Tables 9.3-4, 9.3-5): Remaining only while pending or on Cancel, the other counts always.</summary>
    private static DimseCommand RetrieveCommand(DimseCommand command, DimseRequest request, DimseStatus status, SubOperationCounts counts, string? comment, bool hasDataset)
    {
        ResponseCommand(command, request, status, comment, hasDataset);
        if (status.IsPending || status == DimseStatus.Cancel)
        {
            command.NumberOfRemainingSuboperations = (ushort)Math.Min(counts.Remaining, ushort.MaxValue);
        }

        command.NumberOfCompletedSuboperations = (ushort)Math.Min(counts.Completed, ushort.MaxValue);
        command.NumberOfFailedSuboperations = (ushort)Math.Min(counts.Failed, ushort.MaxValue);
        command.NumberOfWarningSuboperations = (ushort)Math.Min(counts.Warning, ushort.MaxValue);
        return command;
    }

    /// <summary>The move destination could not be reached or went away.</summary>
    private sealed class MoveDestinationException(string message, Exception? inner = null) : Exception(message, inner);
}

/// <summary>The sub-operations of one C-MOVE or C-GET, counted as PS3.4 C.4.2.1.5 and C.4.3.1.3 count them.</summary>
internal sealed class SubOperationCounts
{
    public int Remaining { get; set; }

    public int Completed { get; set; }

    public int Failed { get; private set; }

    public int Warning { get; set; }

    /// <summary>The SOP Instance UIDs of the failed sub-operations, for the final response's Failed SOP Instance UID List.</summary>
    public List<string> FailedInstances { get; } = [];

    public void Fail(string sopInstanceUid)
    {
        Failed++;
        if (sopInstanceUid.Length > 0)
        {
            FailedInstances.Add(sopInstanceUid);
        }
    }

    /// <summary>Success only when every sub-operation succeeded; 0xA702 when none did; else 0xB000. Never Success when something failed.</summary>
    public DimseStatus FinalStatus =>
        Failed == 0 && Warning == 0 ? DimseStatus.Success
        : Completed == 0 && Warning == 0 ? DimseStatus.UnableToPerformSubOperations
        : DimseStatus.SubOperationsCompleteWithFailures;
}
