using Declarative.Dicom.Data;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.State;

public sealed partial class UnifiedProcedureStepWorkflow
{
    /// <summary>
    /// N-ACTION Change State (type 1, UPS Pull): SCHEDULED → IN PROGRESS takes the request's Transaction UID as the lock
    /// (0xC302 when already IN PROGRESS); IN PROGRESS → COMPLETED or CANCELED only with that Transaction UID (0xC301) and,
    /// for COMPLETED, the final-state attributes (0xC304); not from SCHEDULED (0xC310), never out of a final state (0xC300),
    /// never to SCHEDULED (0xC303); the state it is in already is a warning (0xB304, 0xB306). Every change reports UPS State
    /// Report to the workitem's subscribers. PS3.4 CC.1.1 (Table CC.1.1-2), CC.2.1.3.
    /// </summary>
    public async Task<DimseResult> ChangeStateAsync(NActionRequest request, InstanceRule? rule = null, CancellationToken cancellationToken = default)
    {
        var information = request.ActionInformation?.Keep() ?? new DicomDataset();
        var wanted = information.GetStringOrDefault(DicomTag.ProcedureStepState);
        var offered = information.GetStringOrDefault(DicomTag.TransactionUID);
        if (wanted == Scheduled)
        {
            return Refuse(request, DimseStatus.UpsMayOnlyBecomeScheduledByCreate, "a workitem is SCHEDULED only when created");
        }

        if (wanted is not (InProgress or Completed or Canceled) || string.IsNullOrEmpty(offered))
        {
            return Refuse(request, DimseStatus.InvalidArgumentValue, "Change State names IN PROGRESS, COMPLETED or CANCELED and a Transaction UID");
        }

        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await FindAsync(transaction, request.SopInstanceUid, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return Refuse(request, DimseStatus.UpsDoesNotExist, "no such workitem");
        }

        var refusal = (current.State, wanted) switch
        {
            (InProgress, InProgress) => (DimseStatus.UpsAlreadyInProgress, "the workitem is IN PROGRESS already"),
            (Completed, Completed) => (DimseStatus.UpsAlreadyCompletedWarning, "the workitem is COMPLETED already"),
            (Canceled, Canceled) => (DimseStatus.UpsAlreadyCanceled, "the workitem is CANCELED already"),
            (Completed or Canceled, _) => (DimseStatus.UpsMayNoLongerBeUpdated, $"the workitem is {current.State}"),
            (Scheduled, Completed or Canceled) => (DimseStatus.UpsNotYetInProgress, "the workitem is not IN PROGRESS yet"),
            (InProgress, _) when offered != TransactionOf(current) => (DimseStatus.UpsTransactionUidNotCorrect, "the Transaction UID is not the workitem's"),
            (InProgress, Completed) when UpsFinalState.MissingForCompleted(current.Dataset) is { } missing =>
                (DimseStatus.UpsFinalStateRequirementsNotMet, $"COMPLETED needs {missing}"),
            _ => ((DimseStatus Status, string Comment)?)null,
        };
        if (refusal is { } refused)
        {
            return Refuse(request, refused.Status, refused.Comment);
        }

        var dataset = current.Dataset.Set(DicomTag.ProcedureStepState, wanted);
        if (wanted == Canceled)
        {
            UpsFinalState.StampCancellation(dataset);
        }

        var proposed = current.Changed(wanted, dataset) with
        {
            Lock = wanted == InProgress ? LockOf(offered, request.Association?.CallingAETitle) : null,
        };
        var (result, reports) = await CommitStateChangeAsync(transaction, current, proposed, information, rule, cancellationToken).ConfigureAwait(false);
        if (reports >= 0)
        {
            _logger.LogInformation("UPS {Workitem}: {From} → {To} by {Performer}; {Reports} report(s) queued", proposed.SopInstanceUid, current.State, wanted,
                request.Association?.CallingAETitle, reports);
        }

        return result;
    }

    /// <summary>
    /// N-ACTION Request Cancel (type 2, UPS Push or Watch): a SCHEDULED workitem is CANCELED at once; for an IN PROGRESS one
    /// the request goes to its subscribers as UPS Cancel Requested — the performer decides —, or 0xC312 when the performer is
    /// not among them; a CANCELED one answers 0xB304, a COMPLETED one 0xC311. PS3.4 CC.2.2.3.
    /// </summary>
    public async Task<DimseResult> RequestCancelAsync(NActionRequest request, InstanceRule? rule = null, CancellationToken cancellationToken = default)
    {
        var information = request.ActionInformation?.Keep() ?? new DicomDataset();
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await FindAsync(transaction, request.SopInstanceUid, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return Refuse(request, DimseStatus.UpsDoesNotExist, "no such workitem");
        }

        switch (current.State)
        {
            case Canceled:
                return new DimseResult(DimseStatus.UpsAlreadyCanceled, errorComment: "the workitem is CANCELED already");
            case Completed:
                return Refuse(request, DimseStatus.UpsAlreadyCompleted, "the workitem is COMPLETED");
            case InProgress:
            {
                var requester = request.Association?.CallingAETitle ?? string.Empty;
                var subscribers = await SubscribersOfAsync(transaction, current.SopInstanceUid, cancellationToken).ConfigureAwait(false);
                if (PerformerOf(current) is not { } performer || !subscribers.Any(s => Outbox.ReportDestination.AETitleOf(s) == performer))
                {
                    return Refuse(request, DimseStatus.UpsPerformerCannotBeContacted, "the performer does not receive this workitem's events");
                }

                var result = await ApplyRuleAsync(rule, new InstanceChange(current, current, information, transaction), cancellationToken).ConfigureAwait(false);
                if (!result.Status.AllowsReplyDataset)
                {
                    return result;
                }

                var reports = await ReportToSubscribersAsync(transaction, current.SopInstanceUid, UpsEvents.CancelRequested,
                    UpsEvents.CancelRequestedBy(requester, information), cancellationToken).ConfigureAwait(false);
                await CommitAsync(transaction, current, reports, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("UPS {Workitem}: cancel requested by {Requester}; {Reports} report(s) queued", current.SopInstanceUid, requester, reports);
                return result;
            }

            default:
            {
                var dataset = current.Dataset.Set(DicomTag.ProcedureStepState, Canceled);
                UpsFinalState.StampCancellation(dataset, information);
                var proposed = current.Changed(Canceled, dataset) with { Lock = null };
                var (result, reports) = await CommitStateChangeAsync(transaction, current, proposed, information, rule, cancellationToken).ConfigureAwait(false);
                if (reports >= 0)
                {
                    _logger.LogInformation("UPS {Workitem}: SCHEDULED → CANCELED on request; {Reports} report(s) queued", proposed.SopInstanceUid, reports);
                }

                return result;
            }
        }
    }

    /// <summary>
    /// Writes a state change, lets the application's rule judge it, queues the State Report to the workitem's subscribers and
    /// commits; how many reports, or -1 when the rule refused and the change was rolled back.
    /// </summary>
    private async Task<(DimseResult Result, int Reports)> CommitStateChangeAsync(IInstanceTransaction transaction, StoredInstance current, StoredInstance proposed,
        DicomDataset requested, InstanceRule? rule, CancellationToken cancellationToken)
    {
        await transaction.UpdateAsync(proposed, cancellationToken).ConfigureAwait(false);
        var result = await ApplyRuleAsync(rule, new InstanceChange(current, proposed, requested, transaction), cancellationToken).ConfigureAwait(false);
        if (!result.Status.AllowsReplyDataset)
        {
            return (result, -1);
        }

        var reports = await ReportToSubscribersAsync(transaction, proposed.SopInstanceUid, UpsEvents.StateReport, UpsEvents.StateOf(proposed.Dataset), cancellationToken)
            .ConfigureAwait(false);
        await CommitAsync(transaction, proposed, reports, cancellationToken).ConfigureAwait(false);
        return (result, reports);
    }

    // The lock keeps the Transaction UID and the performer's AE together: "uid|AE".
    private static string LockOf(string transactionUid, string? performer) => $"{transactionUid}|{performer}";

    private static string? TransactionOf(StoredInstance workitem) => workitem.Lock?.Split('|')[0];

    private static string? PerformerOf(StoredInstance workitem) => workitem.Lock?.Split('|') is [_, { Length: > 0 } performer] ? performer : null;
}
