using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;

namespace Declarative.Dicom.Tests.State;

/// <summary>
/// The UPS workflow's subscriptions over the in-memory store, read from the outbox it fills (not started: nothing is sent):
/// who hears what when workitems are created and changed, and what unsubscribing and suspending stop.
/// </summary>
public sealed class UnifiedProcedureStepWorkflowTests : IAsyncDisposable
{
    private const string Global = WellKnownSopInstance.UPSGlobalSubscription;
    private const string Filtered = WellKnownSopInstance.UPSFilteredGlobalSubscription;
    private readonly InMemoryInstanceStore _store = new();
    private readonly ReportOutbox _outbox;
    private readonly UnifiedProcedureStepWorkflow _ups;

    public UnifiedProcedureStepWorkflowTests()
    {
        var subscribers = new RemoteApplicationEntityTable()
            .Add(new RemoteApplicationEntity("ALL", "127.0.0.1", 1))
            .Add(new RemoteApplicationEntity("CT_ONLY", "127.0.0.1", 2));
        _outbox = new ReportOutbox(_store.Outbox, subscribers);
        _ups = new UnifiedProcedureStepWorkflow(_store, _outbox);
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();

    private static NCreateRequest Create(string uid, string label) =>
        new(SopClass.UnifiedProcedureStepPush, uid, new DicomDataset()
            .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
            .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "LOW").Set(DicomTag.ProcedureStepLabel, label));

    private static NActionRequest Watch(string target, ushort action, string receiver, DicomDataset? keys = null)
    {
        var information = keys ?? new DicomDataset();
        information.Set(DicomTag.ReceivingAE, receiver);
        if (action == 3)
        {
            information.Set(DicomTag.DeletionLock, "FALSE");
        }

        return new NActionRequest(SopClass.UnifiedProcedureStepPush, target, action, information);
    }

    private async Task<List<string>> Queued()
    {
        var reports = await _store.Outbox.PendingAsync();
        return reports.Select(r => $"{r.DestinationAETitle} {r.EventTypeId} {r.SopInstanceUid}").ToList();
    }

    [Fact]
    public async Task GlobalAndFilteredSubscribers_HearTheWorkitemsTheyWatch_FromSubscribingOn()
    {
        Assert.True((await _ups.CreateAsync(Create("1.1", "CT head"))).Status.IsSuccess);
        Assert.True((await _ups.SubscribeAsync(Watch(Global, 3, "ALL"))).Status.IsSuccess);
        Assert.True((await _ups.SubscribeAsync(Watch(Filtered, 3, "CT_ONLY", new DicomDataset().Set(DicomTag.ProcedureStepLabel, "CT*")))).Status.IsSuccess);

        await _ups.CreateAsync(Create("1.2", "MR knee"));
        await _ups.CreateAsync(Create("1.3", "CT chest"));

        // Initial State Reports on subscribing (each watched workitem), then one for each new workitem a subscriber watches.
        Assert.Equal(["ALL 1 1.1", "CT_ONLY 1 1.1", "ALL 1 1.2", "ALL 1 1.3", "CT_ONLY 1 1.3"], await Queued());
        Assert.Equal(["ALL", "CT_ONLY"], (await _ups.SubscribersAsync("1.3")).Order());
    }

    [Fact]
    public async Task Suspending_StopsNewWorkitems_ButKeepsThoseWatched_AndUnsubscribingGlobalStopsEverything()
    {
        await _ups.CreateAsync(Create("2.1", "CT head"));
        await _ups.SubscribeAsync(Watch(Global, 3, "ALL"));

        Assert.True((await _ups.SuspendGlobalSubscriptionAsync(Watch(Global, 5, "ALL"))).Status.IsSuccess);
        await _ups.CreateAsync(Create("2.2", "CT chest"));
        Assert.Equal(["ALL"], await _ups.SubscribersAsync("2.1"));
        Assert.Empty(await _ups.SubscribersAsync("2.2"));

        Assert.True((await _ups.UnsubscribeAsync(Watch(Global, 4, "ALL"))).Status.IsSuccess);
        Assert.Empty(await _ups.SubscribersAsync("2.1"));
        Assert.Equal(0xC314, (await _ups.SuspendGlobalSubscriptionAsync(Watch("2.1", 5, "ALL"))).Status.Code);
    }

    [Fact]
    public async Task ASubscriberOnAChannel_IsASecondSubscription_ItsReportsGoToTheChannel_AndItNeedsNoDestinationEntry()
    {
        await _ups.CreateAsync(Create("2.5", "CT head"));
        // ALL subscribes by DIMSE and over UPS-RS; WEBONLY is in no destinations table, which a channel does not need.
        await _ups.SubscribeAsync(Watch(Global, 3, "ALL"));
        Assert.True((await _ups.SubscribeAsync(Watch(Global, 3, "ALL"), ReportDestination.WebSocket)).Status.IsSuccess);
        Assert.True((await _ups.SubscribeAsync(Watch("2.5", 3, "WEBONLY"), ReportDestination.WebSocket)).Status.IsSuccess);
        Assert.Equal(0xC308, (await _ups.SubscribeAsync(Watch("2.5", 3, "WEBONLY"))).Status.Code); // by DIMSE it must be known

        await _ups.CreateAsync(Create("2.6", "CT chest"));
        Assert.Equal(["ALL 1 2.5", @"ws\ALL 1 2.5", @"ws\WEBONLY 1 2.5", "ALL 1 2.6", @"ws\ALL 1 2.6"], await Queued());
        Assert.Equal(["ALL", @"ws\ALL", @"ws\WEBONLY"], (await _ups.SubscribersAsync("2.5")).Order());

        // Unsubscribing on the channel leaves the DIMSE subscription.
        Assert.True((await _ups.UnsubscribeAsync(Watch(Global, 4, "ALL"), ReportDestination.WebSocket)).Status.IsSuccess);
        Assert.Equal(["ALL"], await _ups.SubscribersAsync("2.6"));
    }

    [Fact]
    public async Task StatusChange_GoesToEverySubscriberOnce()
    {
        await _ups.CreateAsync(Create("3.1", "CT head"));
        await _ups.CreateAsync(Create("3.2", "CT chest"));
        await _ups.SubscribeAsync(Watch(Global, 3, "ALL"));
        await _ups.SubscribeAsync(Watch("3.2", 3, "CT_ONLY"));

        await _ups.AnnounceStatusAsync(goingDown: true);

        var statusChanges = (await _store.Outbox.PendingAsync()).Where(r => r.EventTypeId == 4).ToList();
        Assert.Equal(["ALL", "CT_ONLY"], statusChanges.Select(r => r.DestinationAETitle).Order());
        var information = DicomDataset.Decode(statusChanges[0].EventInformation!, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("GOING DOWN", information.GetString(DicomTag.SCPStatus));
    }

    [Fact]
    public async Task ARuleThatRefuses_RollsTheChangeBack_WithItsReports()
    {
        await _ups.CreateAsync(Create("4.1", "CT head"));
        await _ups.SubscribeAsync(Watch("4.1", 3, "ALL"));
        var before = await Queued();

        var claim = new NActionRequest(SopClass.UnifiedProcedureStepPush, "4.1", 1,
            new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.TransactionUID, "9.9.9"));
        var refused = await _ups.ChangeStateAsync(claim, (_, _) => new(DimseResult.Failure(DimseStatus.UpsPerformerChoosesNotToCancel, "not now")));

        Assert.Equal(0xC313, refused.Status.Code);
        Assert.Equal("SCHEDULED", (await _store.FindAsync(SopClass.UnifiedProcedureStepPush, "4.1"))!.State);
        Assert.Equal(before, await Queued());
    }

    [Fact]
    public async Task TheCataloguesRules_AreApplied_TypeOneAtCreate_AndWhatNSetMayNotChange()
    {
        var withoutLabel = Create("5.1", "x");
        withoutLabel.Dataset!.Remove(DicomTag.ProcedureStepLabel);
        var notScheduled = Create("5.2", "x");
        notScheduled.Dataset!.Set(DicomTag.ProcedureStepState, "IN PROGRESS");
        var badPriority = Create("5.3", "x");
        badPriority.Dataset!.Set(DicomTag.ScheduledProcedureStepPriority, "URGENT");
        await _ups.CreateAsync(Create("5.4", "CT head"));

        var renamed = await _ups.SetAsync(new NSetRequest(SopClass.UnifiedProcedureStepPush, "5.4", new DicomDataset().Set(DicomTag.PatientName, "Roe^Richard")));
        var relabelled = await _ups.SetAsync(new NSetRequest(SopClass.UnifiedProcedureStepPush, "5.4", new DicomDataset().Set(DicomTag.ProcedureStepLabel, "CT head and neck")));

        Assert.Equal(0x0120, (await _ups.CreateAsync(withoutLabel)).Status.Code);
        Assert.Equal(0xC309, (await _ups.CreateAsync(notScheduled)).Status.Code);
        Assert.Equal(0x0106, (await _ups.CreateAsync(badPriority)).Status.Code);
        Assert.Equal((0x0105, "not allowed in N-SET: (0010,0010) PatientName"), (renamed.Status.Code, renamed.ErrorComment));
        Assert.Equal(0x0000, relabelled.Status.Code);
        Assert.Equal("CT head and neck", (await _store.FindAsync(SopClass.UnifiedProcedureStepPush, "5.4"))!.Dataset.GetString(DicomTag.ProcedureStepLabel));
    }

    [Fact]
    public async Task FinalWorkitems_AreForgotten_OnlyWithoutADeletionLock()
    {
        foreach (var uid in new[] { "6.1", "6.2", "6.3" })
        {
            await _ups.CreateAsync(Create(uid, "CT head"));
        }

        var locked = Watch("6.2", 3, "ALL");
        locked.ActionInformation!.Set(DicomTag.DeletionLock, "TRUE");
        await _ups.SubscribeAsync(locked);
        foreach (var uid in new[] { "6.1", "6.2" })
        {
            await _ups.RequestCancelAsync(new NActionRequest(SopClass.UnifiedProcedureStepPush, uid, 2, new DicomDataset()));
        }

        Assert.Equal(1, await _ups.PurgeFinalAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Null(await _store.FindAsync(SopClass.UnifiedProcedureStepPush, "6.1"));
        Assert.Equal("CANCELED", (await _store.FindAsync(SopClass.UnifiedProcedureStepPush, "6.2"))!.State); // locked by ALL
        Assert.Equal("SCHEDULED", (await _store.FindAsync(SopClass.UnifiedProcedureStepPush, "6.3"))!.State); // not final

        await _ups.UnsubscribeAsync(Watch("6.2", 4, "ALL"));
        Assert.Equal(1, await _ups.PurgeFinalAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
    }
}
