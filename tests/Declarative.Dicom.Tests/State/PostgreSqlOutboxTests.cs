using System.Collections.Concurrent;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.PostgreSql;
using Declarative.Dicom.Tests.Network;
using Declarative.Dicom.TestSupport;

namespace Declarative.Dicom.Tests.State;

/// <summary>
/// The shared outbox as several nodes use it: each due report is leased to one node, a destination's reports go to one node
/// at a time, a dead node's lease runs out and another node takes its reports, ordered reports keep waiting behind a refused
/// one whichever node looks, and a report committed on one node wakes the others without a poll.
/// </summary>
public sealed class PostgreSqlOutboxTests : IAsyncLifetime
{
    private readonly string _schema = ThrowawayPostgres.NewSchema();
    private readonly List<PostgreSqlReportOutboxStore> _nodes = [];

    private PostgreSqlReportOutboxStore Node(string name, TimeSpan? lease = null)
    {
        var store = new PostgreSqlReportOutboxStore(ThrowawayPostgres.ConnectionString,
            new PostgreSqlStoreOptions { Schema = _schema, NodeName = name, LeaseDuration = lease ?? TimeSpan.FromMinutes(2), ReconnectDelay = TimeSpan.FromMilliseconds(100) });
        _nodes.Add(store);
        return store;
    }

    private static OutboxReport Report(string destination, string instance, bool ordered = false, DateTimeOffset? due = null) =>
        new(Guid.NewGuid(), destination, SopClass.UnifiedProcedureStepPush, SopClass.UnifiedProcedureStepEvent, instance, 1, null,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), 0, due ?? DateTimeOffset.UtcNow.AddSeconds(-1), null, ordered);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task ADestinationsReports_AreLeasedToOneNode_AndAnotherDestinationsToTheNext()
    {
        var a = Node("a");
        var b = Node("b");
        var first = Report("MODALITY1", "1.1");
        var second = Report("MODALITY1", "1.2");
        var other = Report("MODALITY2", "2.1");
        foreach (var report in new[] { first, second, other })
        {
            await a.AddAsync(report);
        }

        var claimedByA = await a.DueAsync(DateTimeOffset.UtcNow, 2);
        Assert.Equal([first.Id, second.Id], claimedByA.Select(r => r.Id)); // the queue's order, up to the batch size
        var claimedByB = await b.DueAsync(DateTimeOffset.UtcNow, 64);
        Assert.Equal([other.Id], claimedByB.Select(r => r.Id)); // MODALITY1 is a's until its reports are answered

        await a.RemoveAsync([first.Id, second.Id]);
        Assert.Empty(await a.DueAsync(DateTimeOffset.UtcNow, 64)); // MODALITY2's report is leased to b
        Assert.Equal([other.Id], (await a.PendingAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task ADeadNodesLease_RunsOut_ThenAnotherNodeSendsItsReports()
    {
        var dead = Node("dead", lease: TimeSpan.FromMilliseconds(300));
        var survivor = Node("survivor");
        var report = Report("MODALITY", "1.1");
        await dead.AddAsync(report);

        Assert.Single(await dead.DueAsync(DateTimeOffset.UtcNow, 64)); // claimed, then the node dies without an answer
        var later = Report("MODALITY", "1.2");
        await survivor.AddAsync(later);
        Assert.Empty(await survivor.DueAsync(DateTimeOffset.UtcNow, 64)); // the destination is the dead node's while its lease lasts

        var taken = await survivor.DueAsync(DateTimeOffset.UtcNow.AddMilliseconds(400), 64);
        Assert.Equal([report.Id, later.Id], taken.Select(r => r.Id)); // at least once: the first may have reached the peer before the node died
    }

    [Fact]
    public async Task AnOrderedReportRefused_HoldsTheLaterOnesAboutItsInstance_OnEveryNode()
    {
        var a = Node("a");
        var b = Node("b");
        var refused = Report("WATCHER", "1.1", ordered: true);
        var next = Report("WATCHER", "1.1", ordered: true);
        var otherInstance = Report("WATCHER", "1.2", ordered: true);
        foreach (var report in new[] { refused, next, otherInstance })
        {
            await a.AddAsync(report);
        }

        Assert.Equal(3, (await a.DueAsync(DateTimeOffset.UtcNow, 64)).Count);
        await a.RescheduleAsync(refused.Id, 1, DateTimeOffset.UtcNow.AddMinutes(1), "answered 0110");
        await a.RescheduleAsync(next.Id, 1, DateTimeOffset.UtcNow, "held behind the refused one");
        await a.RemoveAsync([otherInstance.Id]);

        Assert.Empty(await b.DueAsync(DateTimeOffset.UtcNow, 64)); // next waits behind refused, on b as on a
        Assert.Equal([refused.Id, next.Id], (await b.DueAsync(DateTimeOffset.UtcNow.AddMinutes(2), 64)).Select(r => r.Id));
    }

    [Fact]
    public async Task AReportAddedOnOneNode_WakesTheOthers()
    {
        var a = Node("a");
        var b = Node("b");
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.ReportsAdded += () => woken.TrySetResult();
        await Task.Delay(300); // b's LISTEN is in place

        await a.AddAsync(Report("MODALITY", "1.1"));
        Assert.Same(woken.Task, await Task.WhenAny(woken.Task, Task.Delay(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public async Task TwoOutboxesOnTwoNodes_DeliverEveryReportOnce_WhenNoneDies()
    {
        var received = new ConcurrentQueue<string>();
        var handler = new TestHandler([new PresentationContextPolicy(SopClass.UnifiedProcedureStepEvent) { RequestorMayBeScp = true, AlsoServes = [SopClass.UnifiedProcedureStepPush] }], request =>
        {
            received.Enqueue(request.SopInstanceUid!);
            return new DimseResponse(DimseStatus.Success);
        });
        await using var watcher = new DicomServer(new DicomServerOptions { AETitle = "WATCHER", Port = 0 }, handler).Start();
        var destinations = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("WATCHER", "127.0.0.1", watcher.Port));
        var options = new ReportOutboxOptions { AETitle = "UPS", PollInterval = TimeSpan.FromMilliseconds(20) };
        var a = Node("a");
        var b = Node("b");
        await using var outboxA = new ReportOutbox(a, destinations, options).Start();
        await using var outboxB = new ReportOutbox(b, destinations, options).Start();

        var expected = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var uid = $"1.2.{i}";
            expected.Add(uid);
            await (i % 2 == 0 ? outboxA : outboxB).EnqueueAsync("WATCHER",
                new NEventReportRequest(SopClass.UnifiedProcedureStepPush, uid, 1, new DicomDataset().Set(DicomTag.ProcedureStepState, "SCHEDULED")),
                SopClass.UnifiedProcedureStepEvent);
        }

        for (var i = 0; i < 200 && (await a.PendingAsync()).Count > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(await a.PendingAsync());
        Assert.Equal(expected.Order(), received.Order()); // each once
    }

    [Fact]
    public async Task ASlowDestination_KeepsItsReportsLeasedToTheSendingNode_SoNoOtherNodeSendsThemAgain()
    {
        var handler = new SlowReceiver(TimeSpan.FromMilliseconds(400)); // 6 reports take 2.4 s, four times the lease
        var received = handler.Received;
        await using var watcher = new DicomServer(new DicomServerOptions { AETitle = "WATCHER", Port = 0 }, handler).Start();
        var destinations = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("WATCHER", "127.0.0.1", watcher.Port));
        var options = new ReportOutboxOptions { AETitle = "UPS", PollInterval = TimeSpan.FromMilliseconds(20) };
        // The lease is short for the test, long enough for a loaded 2-core machine to renew it (every 200 ms) in time.
        var a = Node("a", lease: TimeSpan.FromMilliseconds(600));
        var b = Node("b", lease: TimeSpan.FromMilliseconds(600));
        for (var i = 0; i < 6; i++)
        {
            await a.AddAsync(Report("WATCHER", $"1.3.{i}"));
        }

        await using var outboxA = new ReportOutbox(a, destinations, options).Start();
        await using var outboxB = new ReportOutbox(b, destinations, options).Start();
        for (var i = 0; i < 200 && (await a.PendingAsync()).Count > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(await a.PendingAsync());
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"1.3.{i}").Order(), received.Order()); // each once
    }

    /// <summary>
    /// A destination that takes its time over each report without holding a thread (a blocking sleep in an in-process
    /// receiver starves the 2-core machine's thread pool and delays the sender's lease renewal: the test would then measure
    /// the pool, not the lease).
    /// </summary>
    private sealed class SlowReceiver(TimeSpan perReport) : IDicomServiceHandler
    {
        public ConcurrentQueue<string> Received { get; } = new();

        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } =
            [new PresentationContextPolicy(SopClass.UnifiedProcedureStepEvent) { RequestorMayBeScp = true, AlsoServes = [SopClass.UnifiedProcedureStepPush] }];

        public async ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(perReport, cancellationToken);
            Received.Enqueue(request.SopInstanceUid!);
            return new DimseResponse(DimseStatus.Success);
        }
    }
}
