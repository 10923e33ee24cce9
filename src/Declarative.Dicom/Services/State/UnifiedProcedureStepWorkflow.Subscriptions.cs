using Declarative.Dicom.Data;
using Declarative.Dicom.Outbox;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.State;

public sealed partial class UnifiedProcedureStepWorkflow
{
    // The subscriptions to one target (a workitem, or a global subscription instance) are one instance of the Watch SOP class
    // in the same store, keyed by the target's UID, so that finding a workitem's subscribers is one read and they commit with
    // the change that reports to them. Its dataset holds one Content Sequence item per subscriber: Receiving AE, Deletion
    // Lock and, for a filtered global subscription, the matching keys as the item of a Referenced Request Sequence; a
    // subscriber on a notification channel (UPS-RS) rather than by N-EVENT-REPORT also has the channel's name, in a private
    // element of ours. An AE may subscribe on both: they are two subscriptions.
    private const string WatchSopClass = "1.2.840.10008.5.1.4.34.6.2";
    private const string Subscribed = "SUBSCRIBED";
    private static readonly DicomTag PrivateCreator = new(0x0009, 0x0010);
    private static readonly DicomTag ChannelTag = new(0x0009, 0x1001);
    private const string PrivateCreatorName = "DECLARATIVE DICOM";

    private sealed record Subscription(string ReceivingAE, bool DeletionLock, DicomDataset? Filter, string? Channel = null)
    {
        /// <summary>Where its reports go in the outbox: the AE title, or the AE on its channel.</summary>
        public string Destination => Channel is null ? ReceivingAE : ReportDestination.OnChannel(Channel, ReceivingAE);
    }

    /// <summary>
    /// N-ACTION Subscribe as a UPS-RS user agent asks it (PS3.18 11.10): the same subscription, whose reports go out on
    /// <paramref name="channel"/> (<see cref="ReportDestination.WebSocket"/>) rather than by N-EVENT-REPORT, so any AE title
    /// may subscribe (its notification connection is where they go, not the destinations table).
    /// </summary>
    public Task<DimseResult> SubscribeAsync(NActionRequest request, string channel, CancellationToken cancellationToken = default) =>
        SubscribeOnAsync(request, channel, cancellationToken);

    /// <summary>N-ACTION Unsubscribe (type 4) of a subscriber on <paramref name="channel"/>; see <see cref="UnsubscribeAsync(NActionRequest, CancellationToken)"/>.</summary>
    public Task<DimseResult> UnsubscribeAsync(NActionRequest request, string channel, CancellationToken cancellationToken = default) =>
        UnsubscribeOnAsync(request, channel, cancellationToken);

    /// <summary>N-ACTION Suspend Global Subscription (type 5) of a subscriber on <paramref name="channel"/>.</summary>
    public Task<DimseResult> SuspendGlobalSubscriptionAsync(NActionRequest request, string channel, CancellationToken cancellationToken = default) =>
        SuspendGlobalSubscriptionOnAsync(request, channel, cancellationToken);

    /// <summary>
    /// N-ACTION Subscribe (type 3, UPS Watch) to one workitem (0xC307 when unknown), to all (the UPS Global Subscription
    /// instance) or to those matching keys (the Filtered Global Subscription instance, the keys beside Receiving AE and
    /// Deletion Lock). The Receiving AE must be one the outbox can reach (0xC308). The subscriber gets an initial UPS State
    /// Report for each workitem it now watches (PS3.4 CC.2.3.3).
    /// </summary>
    public Task<DimseResult> SubscribeAsync(NActionRequest request, CancellationToken cancellationToken = default) =>
        SubscribeOnAsync(request, null, cancellationToken);

    private async Task<DimseResult> SubscribeOnAsync(NActionRequest request, string? channel, CancellationToken cancellationToken)
    {
        var information = request.ActionInformation?.Keep() ?? new DicomDataset();
        var receiver = information.GetStringOrDefault(DicomTag.ReceivingAE);
        var deletionLock = information.GetStringOrDefault(DicomTag.DeletionLock) == "TRUE";
        if (string.IsNullOrEmpty(receiver) || (channel is null && !_events.Destinations.TryFind(receiver, out _)))
        {
            return Refuse(request, DimseStatus.UpsUnknownReceivingAE, $"Receiving AE {receiver} is not one this SCP sends to");
        }

        var subscriber = new Subscription(receiver, deletionLock, null, channel);

        var target = request.SopInstanceUid ?? string.Empty;
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var watched = new List<StoredInstance>();
        if (IsGlobal(target))
        {
            var filter = target == WellKnownSopInstance.UPSFilteredGlobalSubscription ? Filter(information) : null;
            await SubscribeAsync(transaction, target, subscriber with { Filter = filter }, cancellationToken).ConfigureAwait(false);
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
            await SubscribeAsync(transaction, workitem.SopInstanceUid, subscriber, cancellationToken).ConfigureAwait(false);
            await transaction.EnqueueReportAsync(Report(subscriber.Destination, workitem.SopInstanceUid, UpsEvents.StateReport, UpsEvents.StateOf(workitem.Dataset)), cancellationToken)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (watched.Count > 0)
        {
            _events.Notify();
        }

        _logger.LogInformation("UPS: {Receiver} subscribed to {Target}{Lock}; {Reports} initial report(s) queued", subscriber.Destination, Describe(target),
            deletionLock ? " with a deletion lock" : string.Empty, watched.Count);
        return DimseResult.Success();
    }

    /// <summary>
    /// N-ACTION Unsubscribe (type 4): from one workitem, or — on a global instance — from the global subscriptions and every
    /// workitem (PS3.4 CC.2.3.3). Unsubscribing what was not subscribed succeeds.
    /// </summary>
    public Task<DimseResult> UnsubscribeAsync(NActionRequest request, CancellationToken cancellationToken = default) =>
        UnsubscribeOnAsync(request, null, cancellationToken);

    private async Task<DimseResult> UnsubscribeOnAsync(NActionRequest request, string? channel, CancellationToken cancellationToken)
    {
        var receiver = Destination(request, channel);
        var target = request.SopInstanceUid ?? string.Empty;
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        if (IsGlobal(target))
        {
            await foreach (var row in _store.ListAsync(WatchSopClass, null, cancellationToken).ConfigureAwait(false))
            {
                removed += await UnsubscribeAsync(transaction, row.SopInstanceUid, receiver, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            removed = await UnsubscribeAsync(transaction, target, receiver, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("UPS: {Receiver} unsubscribed from {Target} ({Removed} subscription(s) removed)", receiver, Describe(target), removed);
        return DimseResult.Success();
    }

    /// <summary>N-ACTION Suspend Global Subscription (type 5): no new workitems are watched; those already are stay watched.</summary>
    public Task<DimseResult> SuspendGlobalSubscriptionAsync(NActionRequest request, CancellationToken cancellationToken = default) =>
        SuspendGlobalSubscriptionOnAsync(request, null, cancellationToken);

    private async Task<DimseResult> SuspendGlobalSubscriptionOnAsync(NActionRequest request, string? channel, CancellationToken cancellationToken)
    {
        if (!IsGlobal(request.SopInstanceUid ?? string.Empty))
        {
            return Refuse(request, DimseStatus.UpsActionNotAppropriate, "Suspend Global Subscription names a global subscription instance");
        }

        var receiver = Destination(request, channel);
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var removed = await UnsubscribeAsync(transaction, WellKnownSopInstance.UPSGlobalSubscription, receiver, cancellationToken).ConfigureAwait(false)
            + await UnsubscribeAsync(transaction, WellKnownSopInstance.UPSFilteredGlobalSubscription, receiver, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("UPS: {Receiver} suspended its global subscription ({Removed} removed)", receiver, removed);
        return DimseResult.Success();
    }

    /// <summary>
    /// SCP Status Change (event 4) to every subscriber: RESTARTED when the SCP starts with what it kept (a warm start), GOING
    /// DOWN before it stops. Queued in the outbox, so a subscriber that is down hears it when it is back.
    /// </summary>
    public async Task AnnounceStatusAsync(bool goingDown, CancellationToken cancellationToken = default)
    {
        var receivers = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in _store.ListAsync(WatchSopClass, null, cancellationToken).ConfigureAwait(false))
        {
            receivers.UnionWith(Read(row).Select(s => s.Destination));
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

    /// <summary>
    /// Forgets the COMPLETED and CANCELED workitems that reached their final state before <paramref name="before"/> and that
    /// no subscriber holds a deletion lock on (PS3.4 CC.2.1.3: not before every lock is removed), with their subscriptions;
    /// how many. A watcher that needs the final attributes places a lock, reads them, then unsubscribes.
    /// </summary>
    public async Task<int> PurgeFinalAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var purged = 0;
        foreach (var state in new[] { Completed, Canceled })
        {
            var old = new List<StoredInstance>();
            await foreach (var workitem in _store.ListAsync(Machine.SopClassUid, state, cancellationToken).ConfigureAwait(false))
            {
                if (workitem.UpdatedAt < before)
                {
                    old.Add(workitem);
                }
            }

            foreach (var workitem in old)
            {
                await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
                var subscriptions = await transaction.FindAsync(WatchSopClass, workitem.SopInstanceUid, cancellationToken).ConfigureAwait(false);
                if (Read(subscriptions).Any(s => s.DeletionLock))
                {
                    continue;
                }

                if (subscriptions is not null)
                {
                    await transaction.DeleteAsync(subscriptions, cancellationToken).ConfigureAwait(false);
                }

                await transaction.DeleteAsync(workitem, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                purged++;
            }
        }

        if (purged > 0)
        {
            _logger.LogInformation("UPS: {Count} final workitem(s) without a deletion lock forgotten", purged);
        }

        return purged;
    }

    /// <summary>The subscribers of a workitem: AE titles, and <c>channel\AE</c> for those on a notification channel (<see cref="ReportDestination"/>).</summary>
    public async Task<IReadOnlyList<string>> SubscribersAsync(string workitemUid, CancellationToken cancellationToken = default) =>
        Read(await _store.FindAsync(WatchSopClass, workitemUid, cancellationToken).ConfigureAwait(false)).Select(s => s.Destination).ToList();

    /// <summary>A new workitem is watched by the global subscribers (filtered ones when it matches), who get its initial State Report.</summary>
    private async Task<int> SubscribeGlobalSubscribersAsync(IInstanceTransaction transaction, StoredInstance workitem, CancellationToken cancellationToken)
    {
        var watchers = new List<Subscription>();
        foreach (var global in new[] { WellKnownSopInstance.UPSGlobalSubscription, WellKnownSopInstance.UPSFilteredGlobalSubscription })
        {
            foreach (var subscription in Read(await transaction.FindAsync(WatchSopClass, global, cancellationToken).ConfigureAwait(false)))
            {
                if (subscription.Filter is null || new DicomQuery(subscription.Filter).Matches(workitem.Dataset))
                {
                    watchers.Add(subscription with { Filter = null });
                }
            }
        }

        if (watchers.Count == 0)
        {
            return 0;
        }

        var distinct = watchers.DistinctBy(s => s.Destination).ToList();
        await WriteAsync(transaction, workitem.SopInstanceUid, null, distinct, cancellationToken).ConfigureAwait(false);
        foreach (var watcher in distinct)
        {
            await transaction.EnqueueReportAsync(Report(watcher.Destination, workitem.SopInstanceUid, UpsEvents.StateReport, UpsEvents.StateOf(workitem.Dataset)), cancellationToken)
                .ConfigureAwait(false);
        }

        return distinct.Count;
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

    private async Task<IReadOnlyList<string>> SubscribersOfAsync(IInstanceTransaction transaction, string workitemUid, CancellationToken cancellationToken) =>
        Read(await transaction.FindAsync(WatchSopClass, workitemUid, cancellationToken).ConfigureAwait(false)).Select(s => s.Destination).ToList();

    /// <summary>Adds or replaces one subscriber's subscription to a target.</summary>
    private static async Task SubscribeAsync(IInstanceTransaction transaction, string target, Subscription subscription, CancellationToken cancellationToken)
    {
        var row = await transaction.FindAsync(WatchSopClass, target, cancellationToken).ConfigureAwait(false);
        var subscriptions = Read(row).Where(s => s.Destination != subscription.Destination).Append(subscription).ToList();
        await WriteAsync(transaction, target, row, subscriptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes one subscriber's (a destination's) subscription to a target; how many were removed (0 or 1).</summary>
    private static async Task<int> UnsubscribeAsync(IInstanceTransaction transaction, string target, string destination, CancellationToken cancellationToken)
    {
        var row = await transaction.FindAsync(WatchSopClass, target, cancellationToken).ConfigureAwait(false);
        var subscriptions = Read(row);
        var kept = subscriptions.Where(s => s.Destination != destination).ToList();
        if (kept.Count == subscriptions.Count)
        {
            return 0;
        }

        await WriteAsync(transaction, target, row, kept, cancellationToken).ConfigureAwait(false);
        return 1;
    }

    private static async Task WriteAsync(IInstanceTransaction transaction, string target, StoredInstance? row, List<Subscription> subscriptions,
        CancellationToken cancellationToken)
    {
        row ??= await transaction.FindAsync(WatchSopClass, target, cancellationToken).ConfigureAwait(false);
        if (subscriptions.Count == 0)
        {
            if (row is not null)
            {
                await transaction.DeleteAsync(row, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var items = subscriptions.Select(s =>
        {
            var item = new DicomDataset().Set(DicomTag.ReceivingAE, s.ReceivingAE).Set(DicomTag.DeletionLock, s.DeletionLock ? "TRUE" : "FALSE");
            if (s.Channel is not null)
            {
                item.Set(PrivateCreator, DicomVR.LO, PrivateCreatorName).Set(ChannelTag, DicomVR.CS, s.Channel.ToUpperInvariant());
            }

            return s.Filter is null ? item : item.SetSequence(DicomTag.ReferencedRequestSequence, s.Filter);
        }).ToArray();
        var dataset = new DicomDataset().Set(DicomTag.ReferencedSOPInstanceUID, target).SetSequence(DicomTag.ContentSequence, items);
        if (row is null)
        {
            await transaction.InsertAsync(new StoredInstance(WatchSopClass, target, Subscribed, 0, dataset, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await transaction.UpdateAsync(row.Changed(Subscribed, dataset), cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<Subscription> Read(StoredInstance? row)
    {
        var subscriptions = new List<Subscription>();
        if (row?.Dataset.GetSequenceOrDefault(DicomTag.ContentSequence) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var filter = item.GetSequenceOrDefault(DicomTag.ReferencedRequestSequence) is { Count: > 0 } keys ? keys[0] : null;
                var channel = item.GetStringOrDefault(PrivateCreator) == PrivateCreatorName ? item.GetStringOrDefault(ChannelTag)?.ToLowerInvariant() : null;
                subscriptions.Add(new Subscription(item.GetString(DicomTag.ReceivingAE), item.GetStringOrDefault(DicomTag.DeletionLock) == "TRUE", filter, channel));
            }
        }

        return subscriptions;
    }

    /// <summary>A report on a UPS Event context naming UPS Push, as PS3.4 CC.3.1 has it.</summary>
    private Outbox.OutboxReport Report(string receiver, string workitemUid, ushort eventType, DicomDataset information) =>
        _events.Entry(receiver, new NEventReportRequest(Machine.SopClassUid, workitemUid, eventType, information), SopClass.UnifiedProcedureStepEvent, ordered: true);

    /// <summary>The outbox destination an Unsubscribe or Suspend names: its Receiving AE, on the channel it came by.</summary>
    private static string Destination(NActionRequest request, string? channel)
    {
        var receiver = request.ActionInformation?.GetStringOrDefault(DicomTag.ReceivingAE) ?? string.Empty;
        return channel is null ? receiver : ReportDestination.OnChannel(channel, receiver);
    }

    private static DicomDataset Filter(DicomDataset information)
    {
        var keys = new DicomDataset();
        foreach (var attribute in information)
        {
            if (attribute.Tag != DicomTag.ReceivingAE && attribute.Tag != DicomTag.DeletionLock && !attribute.Tag.IsPrivate)
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
