using Declarative.Dicom.Data;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.State;

public sealed partial class UnifiedProcedureStepWorkflow
{
    // A subscription is kept as an instance of the Watch SOP class in the same store (so it commits with the workitem that
    // causes its reports): keyed "target|AE", its state the deletion lock, its dataset the Receiving AE, the target and,
    // for a filtered global subscription, the matching keys.
    private const string WatchSopClass = "1.2.840.10008.5.1.4.34.6.2";
    private const string Locked = "LOCKED";
    private const string Unlocked = "UNLOCKED";

    /// <summary>
    /// N-ACTION Subscribe (type 3, UPS Watch) to one workitem (0xC307 when unknown), to all (the UPS Global Subscription
    /// instance) or to those matching keys (the Filtered Global Subscription instance, the keys beside Receiving AE and
    /// Deletion Lock). The Receiving AE must be one the outbox can reach (0xC308). The subscriber gets an initial UPS State
    /// Report for each workitem it now watches (PS3.4 CC.2.3.3).
    /// </summary>
    public async Task<DimseResult> SubscribeAsync(NActionRequest request, CancellationToken cancellationToken = default)
    {
        var information = request.ActionInformation?.Keep() ?? new DicomDataset();
        var receiver = information.GetStringOrDefault(DicomTag.ReceivingAE);
        var deletionLock = information.GetStringOrDefault(DicomTag.DeletionLock) == "TRUE";
        if (string.IsNullOrEmpty(receiver) || !_events.Destinations.TryFind(receiver, out _))
        {
            return Refuse(request, DimseStatus.UpsUnknownReceivingAE, $"Receiving AE {receiver} is not one this SCP sends to");
        }

        var target = request.SopInstanceUid ?? string.Empty;
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var watched = new List<StoredInstance>();
        if (IsGlobal(target))
        {
            var filter = target == WellKnownSopInstance.UPSFilteredGlobalSubscription ? Filter(information) : null;
            await PutSubscriptionAsync(transaction, target, receiver, deletionLock, filter, cancellationToken).ConfigureAwait(false);
            await foreach (var workitem in _store.ListAsync(Machine.SopClassUid, null, cancellationToken).ConfigureAwait(false))
            {
                if (filter is null || new DicomQuery(filter).Matches(workitem.Dataset))
                {
                    watched.Add(workitem);
                }
            }
        }
        else if (await FindAsync(transaction, target, cancellationToken).ConfigureAwait(false) is { } workitem)
        {
            watched.Add(workitem);
        }
        else
        {
            return Refuse(request, DimseStatus.UpsDoesNotExist, "no such workitem");
        }

        foreach (var workitem in watched)
        {
            await PutSubscriptionAsync(transaction, workitem.SopInstanceUid, receiver, deletionLock, null, cancellationToken).ConfigureAwait(false);

            await transaction.EnqueueReportAsync(Report(receiver, workitem.SopInstanceUid, UpsEvents.StateReport, UpsEvents.StateOf(workitem.Dataset)), cancellationToken)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (watched.Count > 0)
        {
            _events.Notify();
        }

        _logger.LogInformation("UPS: {Receiver} subscribed to {Target}{Lock}; {Reports} initial report(s) queued", receiver, Describe(target),
            deletionLock ? " with a deletion lock" : string.Empty, watched.Count);
        return DimseResult.Success();
    }

    /// <summary>
    /// N-ACTION Unsubscribe (type 4): from one workitem, or — on a global instance — from the global subscription and every
    /// workitem (PS3.4 CC.2.3.3). Unsubscribing what was not subscribed succeeds.
    /// </summary>
    public Task<DimseResult> UnsubscribeAsync(NActionRequest request, CancellationToken cancellationToken = default) =>
        RemoveSubscriptionsAsync(request, everyWorkitem: IsGlobal(request.SopInstanceUid ?? string.Empty), cancellationToken);

    /// <summary>N-ACTION Suspend Global Subscription (type 5): no new workitems are watched; those already are stay watched.</summary>
    public Task<DimseResult> SuspendGlobalSubscriptionAsync(NActionRequest request, CancellationToken cancellationToken = default) =>
        IsGlobal(request.SopInstanceUid ?? string.Empty)
            ? RemoveSubscriptionsAsync(request, everyWorkitem: false, cancellationToken)
            : Task.FromResult(Refuse(request, DimseStatus.UpsActionNotAppropriate, "Suspend Global Subscription names a global subscription instance"));

    /// <summary>
    /// SCP Status Change (event 4) to every subscriber: RESTARTED when the SCP starts with what it kept (a warm start), GOING
    /// DOWN before it stops. Queued in the outbox, so a subscriber that is down hears it when it is back.
    /// </summary>
    public async Task AnnounceStatusAsync(bool goingDown, CancellationToken cancellationToken = default)
    {
        var receivers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var subscription in _store.ListAsync(WatchSopClass, null, cancellationToken).ConfigureAwait(false))
        {
            receivers.Add(subscription.Dataset.GetString(DicomTag.ReceivingAE));
        }

        if (receivers.Count == 0)
        {
            return;
        }

        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        foreach (var receiver in receivers)
        {
            await transaction.EnqueueReportAsync(Report(receiver, WellKnownSopInstance.UPSGlobalSubscription, UpsEvents.ScpStatusChange, UpsEvents.ScpStatus(goingDown)),
                cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _events.Notify();
        _logger.LogInformation("UPS: SCP status {Status} queued for {Count} subscriber(s)", goingDown ? "GOING DOWN" : "RESTARTED", receivers.Count);
    }

    /// <summary>The AEs subscribed to a workitem.</summary>
    public async Task<IReadOnlyList<string>> SubscribersAsync(string workitemUid, CancellationToken cancellationToken = default)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await SubscribersOfAsync(transaction, workitemUid, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DimseResult> RemoveSubscriptionsAsync(NActionRequest request, bool everyWorkitem, CancellationToken cancellationToken)
    {
        var information = request.ActionInformation?.Keep() ?? new DicomDataset();
        var receiver = information.GetStringOrDefault(DicomTag.ReceivingAE) ?? string.Empty;
        var target = request.SopInstanceUid ?? string.Empty;
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        await foreach (var subscription in _store.ListAsync(WatchSopClass, null, cancellationToken).ConfigureAwait(false))
        {
            var of = subscription.Dataset.GetString(DicomTag.ReceivingAE);
            var on = subscription.Dataset.GetString(DicomTag.ReferencedSOPInstanceUID);
            if (of == receiver && (on == target || (everyWorkitem && !IsGlobal(on)) || (IsGlobal(target) && IsGlobal(on))))
            {
                if (await transaction.FindAsync(WatchSopClass, subscription.SopInstanceUid, cancellationToken).ConfigureAwait(false) is { } current)
                {
                    await transaction.DeleteAsync(current, cancellationToken).ConfigureAwait(false);
                    removed++;
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("UPS: {Receiver} unsubscribed from {Target} ({Removed} subscription(s) removed)", receiver, Describe(target), removed);
        return DimseResult.Success();
    }

    /// <summary>A new workitem is watched by the global subscribers (filtered ones when it matches), who get its initial State Report.</summary>
    private async Task<int> SubscribeGlobalSubscribersAsync(IInstanceTransaction transaction, StoredInstance workitem, CancellationToken cancellationToken)
    {
        var reports = 0;
        await foreach (var subscription in _store.ListAsync(WatchSopClass, null, cancellationToken).ConfigureAwait(false))
        {
            var on = subscription.Dataset.GetString(DicomTag.ReferencedSOPInstanceUID);
            if (!IsGlobal(on))
            {
                continue;
            }

            var filter = subscription.Dataset.GetSequenceOrDefault(DicomTag.ReferencedRequestSequence) is { Count: > 0 } keys ? keys[0] : null;
            if (filter is not null && !new DicomQuery(filter).Matches(workitem.Dataset))
            {
                continue;
            }

            var receiver = subscription.Dataset.GetString(DicomTag.ReceivingAE);
            await PutSubscriptionAsync(transaction, workitem.SopInstanceUid, receiver, subscription.State == Locked, null, cancellationToken).ConfigureAwait(false);
            await transaction.EnqueueReportAsync(Report(receiver, workitem.SopInstanceUid, UpsEvents.StateReport, UpsEvents.StateOf(workitem.Dataset)), cancellationToken)
                .ConfigureAwait(false);
            reports++;
        }

        return reports;
    }

    /// <summary>Queues one report for each subscriber of the workitem, in the transaction; how many.</summary>
    private async Task<int> ReportToSubscribersAsync(IInstanceTransaction transaction, string workitemUid, ushort eventType, DicomDataset information,
        CancellationToken cancellationToken)
    {
        var subscribers = await SubscribersOfAsync(transaction, workitemUid, cancellationToken).ConfigureAwait(false);
        foreach (var receiver in subscribers)
        {
            await transaction.EnqueueReportAsync(Report(receiver, workitemUid, eventType, information), cancellationToken).ConfigureAwait(false);
        }

        return subscribers.Count;
    }

    private async Task<IReadOnlyList<string>> SubscribersOfAsync(IInstanceTransaction transaction, string workitemUid, CancellationToken cancellationToken)
    {
        _ = transaction; // read through the store: the subscriptions a transaction sees are the committed ones plus its own, which only Subscribe writes
        var receivers = new List<string>();
        await foreach (var subscription in _store.ListAsync(WatchSopClass, null, cancellationToken).ConfigureAwait(false))
        {
            if (subscription.Dataset.GetString(DicomTag.ReferencedSOPInstanceUID) == workitemUid)
            {
                receivers.Add(subscription.Dataset.GetString(DicomTag.ReceivingAE));
            }
        }

        return receivers;
    }

    private static async Task PutSubscriptionAsync(IInstanceTransaction transaction, string target, string receiver, bool deletionLock, DicomDataset? filter,
        CancellationToken cancellationToken)
    {
        var key = $"{target}|{receiver}";
        var dataset = new DicomDataset()
            .Set(DicomTag.ReceivingAE, receiver)
            .Set(DicomTag.ReferencedSOPInstanceUID, target)
            .Set(DicomTag.DeletionLock, deletionLock ? "TRUE" : "FALSE");
        if (filter is not null)
        {
            dataset.SetSequence(DicomTag.ReferencedRequestSequence, filter); // the matching keys of a filtered global subscription
        }

        var state = deletionLock ? Locked : Unlocked;
        if (await transaction.FindAsync(WatchSopClass, key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await transaction.UpdateAsync(existing.Changed(state, dataset), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await transaction.InsertAsync(new StoredInstance(WatchSopClass, key, state, 0, dataset, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A report on a UPS Event context naming UPS Push, as PS3.4 CC.3.1 has it.</summary>
    private Outbox.OutboxReport Report(string receiver, string workitemUid, ushort eventType, DicomDataset information) =>
        _events.Entry(receiver, new NEventReportRequest(Machine.SopClassUid, workitemUid, eventType, information), SopClass.UnifiedProcedureStepEvent, ordered: true);

    private static DicomDataset Filter(DicomDataset information)
    {
        var keys = new DicomDataset();
        foreach (var attribute in information)
        {
            if (attribute.Tag != DicomTag.ReceivingAE && attribute.Tag != DicomTag.DeletionLock)
            {
                keys.Add(attribute);
            }
        }

        return keys;
    }

    private static bool IsGlobal(string uid) => uid is WellKnownSopInstance.UPSGlobalSubscription or WellKnownSopInstance.UPSFilteredGlobalSubscription;

    private static string Describe(string target) => target switch
    {
        WellKnownSopInstance.UPSGlobalSubscription => "every workitem",
        WellKnownSopInstance.UPSFilteredGlobalSubscription => "the workitems matching its keys",
        _ => target,
    };
}
