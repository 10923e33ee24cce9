using System.Collections.Concurrent;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.PostgreSql;
using Declarative.Dicom.State;
using Declarative.Dicom.TestSupport;
using Declarative.Dicom.Tests.Network;

namespace Declarative.Dicom.Tests.State;

/// <summary>
/// What every instance store must do (the PostgreSQL store will run these too): what is rolled back is not there — the
/// reports written in the same transaction included —, a stale version is refused, two writers never both win, a report
/// committed with a change is delivered.
/// </summary>
public abstract class InstanceStoreContractTests : IDisposable
{
    protected const string Mpps = SopClass.ModalityPerformedProcedureStep;
    protected readonly string _folder = Path.Combine(Path.GetTempPath(), "instance-store-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The store under test; called once per test.</summary>
    protected abstract IInstanceStore NewStore();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected static StoredInstance Step(string uid, string state = "IN PROGRESS") =>
        new(Mpps, uid, state, 0, new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, state).Set(DicomTag.Modality, "CT"), DateTimeOffset.UtcNow);

    protected static OutboxReport Report(string instance) =>
        new(Guid.NewGuid(), "WATCHER", SopClass.UnifiedProcedureStepPush, SopClass.UnifiedProcedureStepEvent, instance, 1, null,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), 0, DateTimeOffset.UtcNow, null);

    [Fact]
    public async Task AChangeNotCommitted_IsRolledBack_WithTheReportsItQueued()
    {
        var store = NewStore();
        await using (var transaction = await store.BeginAsync())
        {
            await transaction.InsertAsync(Step("1.2.3.2"));
            await transaction.EnqueueReportAsync(Report("1.2.3.2"));
            Assert.NotNull(await transaction.FindAsync(Mpps, "1.2.3.2")); // the transaction sees its own write
        }

        Assert.Null(await store.FindAsync(Mpps, "1.2.3.2"));
        Assert.Empty(await store.Outbox.PendingAsync());
    }

    [Fact]
    public async Task AStaleVersion_IsRefused_AndADuplicateUid_Too()
    {
        var store = NewStore();
        await using (var transaction = await store.BeginAsync())
        {
            await transaction.InsertAsync(Step("1.2.3.3"));
            await transaction.CommitAsync();
        }

        var read = (await store.FindAsync(Mpps, "1.2.3.3"))!;
        await using (var first = await store.BeginAsync())
        {
            await first.UpdateAsync(read.Changed("COMPLETED", read.Dataset));
            await first.CommitAsync();
        }

        await using (var second = await store.BeginAsync())
        {
            // Read before the first change committed: its version is one behind.
            await Assert.ThrowsAsync<InstanceConcurrencyException>(() => second.UpdateAsync(read.Changed("DISCONTINUED", read.Dataset)));
            await Assert.ThrowsAsync<DuplicateInstanceException>(() => second.InsertAsync(Step("1.2.3.3")));
        }

        var stored = (await store.FindAsync(Mpps, "1.2.3.3"))!;
        Assert.Equal(("COMPLETED", 1L), (stored.State, stored.Version));
    }

    [Fact]
    public async Task ConcurrentWriters_OfTheSameVersion_OneWinsAndTheOtherIsRefused()
    {
        var store = NewStore();
        await using (var transaction = await store.BeginAsync())
        {
            await transaction.InsertAsync(Step("1.2.3.4"));
            await transaction.CommitAsync();
        }

        var read = (await store.FindAsync(Mpps, "1.2.3.4"))!;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await using var transaction = await store.BeginAsync();
                await transaction.UpdateAsync(read.Changed("IN PROGRESS", read.Dataset.Keep().Set(DicomTag.PerformedProcedureStepDescription, $"writer {i}")));
                await transaction.CommitAsync();
                return true;
            }
            catch (InstanceConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(1, (await store.FindAsync(Mpps, "1.2.3.4"))!.Version);
    }

    [Fact]
    public async Task TheReportsWaitingForOneDestinationAboutOneInstance_AreFound_OldestFirst()
    {
        var store = NewStore();
        var first = Report("1.2.3.6");
        var other = Report("1.2.3.7");
        var second = Report("1.2.3.6");
        var elsewhere = Report("1.2.3.6") with { DestinationAETitle = "OTHER" };
        await using (var transaction = await store.BeginAsync())
        {
            foreach (var report in new[] { first, other, second, elsewhere })
            {
                await transaction.EnqueueReportAsync(report);
            }

            await transaction.CommitAsync();
        }

        Assert.Equal([first.Id, second.Id], (await store.Outbox.PendingAsync("WATCHER", "1.2.3.6")).Select(r => r.Id));
        Assert.Empty(await store.Outbox.PendingAsync("WATCHER", "1.2.3.8"));
    }

    [Fact]
    public async Task AChannelsSubscribersReports_AreLeftToItsChannel_AndTakenOnePerDestination_InOrder()
    {
        var store = NewStore();
        var web = ReportDestination.OnChannel(ReportDestination.WebSocket, "WATCHER");
        var dimse = Report("1.2.3.9");
        var first = Report("1.2.3.9") with { DestinationAETitle = web, Ordered = true };
        var other = Report("1.2.3.9") with { DestinationAETitle = ReportDestination.OnChannel(ReportDestination.WebSocket, "OTHER") };
        var second = Report("1.2.3.9") with { DestinationAETitle = web, Ordered = true };
        await using (var transaction = await store.BeginAsync())
        {
            foreach (var report in new[] { dimse, first, other, second })
            {
                await transaction.EnqueueReportAsync(report);
            }

            await transaction.CommitAsync();
        }

        // The outbox's own loop sends to AE titles only: "ws\WATCHER" is no AE title.
        Assert.Equal([dimse.Id], (await store.Outbox.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 64)).Select(r => r.Id));
        Assert.Equal([first.Id, second.Id], (await store.Outbox.DueForAsync(web, DateTimeOffset.UtcNow.AddSeconds(1), 64)).Select(r => r.Id));

        // An ordered report refused on the channel holds the later ones about its instance there, as on an association.
        await store.Outbox.RescheduleAsync(first.Id, 1, DateTimeOffset.UtcNow.AddMinutes(5), "socket closed");
        Assert.Empty(await store.Outbox.DueForAsync(web, DateTimeOffset.UtcNow.AddSeconds(1), 64));
    }

    [Fact]
    public async Task ExpiredReports_AreForgottenInOneCall_AndReturned_TheOthersStay()
    {
        var store = NewStore();
        var web = ReportDestination.OnChannel(ReportDestination.WebSocket, "GONE");
        var expired = Report("1.2.3.10") with { DestinationAETitle = web, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        var alive = Report("1.2.3.10") with { DestinationAETitle = web };
        await using (var transaction = await store.BeginAsync())
        {
            await transaction.EnqueueReportAsync(expired);
            await transaction.EnqueueReportAsync(alive);
            await transaction.CommitAsync();
        }

        Assert.Equal([expired.Id], (await store.Outbox.RemoveExpiredAsync(DateTimeOffset.UtcNow)).Select(r => r.Id));
        Assert.Equal([alive.Id], (await store.Outbox.PendingAsync()).Select(r => r.Id));
        Assert.Empty(await store.Outbox.RemoveExpiredAsync(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task TheOutbox_ForgetsAChannelSubscribersExpiredReports_ThoughNoConnectionEverTookThem()
    {
        var store = NewStore();
        await using var outbox = new ReportOutbox(store.Outbox, new RemoteApplicationEntityTable(),
            new ReportOutboxOptions { Expiry = TimeSpan.FromMilliseconds(200), ExpiryCheckInterval = TimeSpan.FromMilliseconds(100), PollInterval = TimeSpan.FromMilliseconds(50) });
        await store.Outbox.AddAsync(outbox.Entry(ReportDestination.OnChannel(ReportDestination.WebSocket, "GONE"),
            new NEventReportRequest(SopClass.UnifiedProcedureStepPush, "1.2.3.11", 1), SopClass.UnifiedProcedureStepEvent, ordered: true));
        outbox.Start();

        await Eventually.TrueAsync(async () => (await store.Outbox.PendingAsync()).Count == 0, "the expired report forgotten");
    }

    [Fact]
    public async Task AReportCommittedWithAChange_IsDeliveredByTheOutbox_OnTheStoresFile()
    {
        var received = new ConcurrentQueue<string>();
        // A watcher accepts UPS events on a UPS Event context, their Affected SOP Class being UPS Push (PS3.4 CC.3.1).
        var handler = new TestHandler([new PresentationContextPolicy(SopClass.UnifiedProcedureStepEvent) { RequestorMayBeScp = true, AlsoServes = [SopClass.UnifiedProcedureStepPush] }], request =>
        {
            received.Enqueue(request.SopInstanceUid!);
            return new DimseResponse(DimseStatus.Success);
        });
        await using var watcher = new DicomServer(new DicomServerOptions { AETitle = "WATCHER", Port = 0 }, handler).Start();
        var store = NewStore();
        var destinations = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("WATCHER", "127.0.0.1", watcher.Port));
        await using var outbox = new ReportOutbox(store.Outbox, destinations, new ReportOutboxOptions { AETitle = "UPS", PollInterval = TimeSpan.FromMinutes(1) }).Start();
        var report = new NEventReportRequest(SopClass.UnifiedProcedureStepPush, "1.2.3.5", 1,
            new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.InputReadinessState, "READY"));

        await using (var rolledBack = await store.BeginAsync())
        {
            await rolledBack.EnqueueReportAsync(outbox.Entry("WATCHER", report, SopClass.UnifiedProcedureStepEvent));
        }

        await using (var transaction = await store.BeginAsync())
        {
            await transaction.InsertAsync(Step("1.2.3.5"));
            await transaction.EnqueueReportAsync(outbox.Entry("WATCHER", report, SopClass.UnifiedProcedureStepEvent));
            await transaction.CommitAsync();
        }

        outbox.Notify(); // the poll is a minute away: only the notification can have sent it
        for (var i = 0; i < 100 && (await store.Outbox.PendingAsync()).Count > 0; i++)
        {
            await Task.Delay(50);
        }

        var left = await store.Outbox.PendingAsync();
        Assert.True(left.Count == 0, $"not delivered: {string.Join("; ", left.Select(r => $"{r.Attempts} attempt(s), {r.LastError}"))}");
        Assert.Equal(["1.2.3.5"], received); // once: the rolled-back report never existed
    }
}

public sealed class SqliteInstanceStoreTests : InstanceStoreContractTests
{
    private string File => Path.Combine(_folder, "state.db");

    protected override IInstanceStore NewStore() => new SqliteInstanceStore(File);

    [Fact]
    public async Task ACommittedChange_AndItsReport_AreThereAfterReopeningTheFile()
    {
        var store = new SqliteInstanceStore(File);
        await using (var transaction = await store.BeginAsync())
        {
            await transaction.InsertAsync(Step("1.2.3.1"));
            await transaction.EnqueueReportAsync(Report("1.2.3.1"));
            await transaction.CommitAsync();
        }

        var reopened = new SqliteInstanceStore(File);
        var step = await reopened.FindAsync(Mpps, "1.2.3.1");
        Assert.NotNull(step);
        Assert.Equal(("IN PROGRESS", 0L, "CT"), (step.State, step.Version, step.Dataset.GetString(DicomTag.Modality)));
        Assert.Equal(["1.2.3.1"], (await reopened.Outbox.PendingAsync()).Select(r => r.SopInstanceUid));
    }
}

public sealed class InMemoryInstanceStoreTests : InstanceStoreContractTests
{
    protected override IInstanceStore NewStore() => new InMemoryInstanceStore();
}

public sealed class PostgreSqlInstanceStoreTests : InstanceStoreContractTests, IAsyncLifetime
{
    private readonly string _schema = ThrowawayPostgres.NewSchema();
    private readonly List<PostgreSqlInstanceStore> _stores = [];

    protected override IInstanceStore NewStore()
    {
        var store = new PostgreSqlInstanceStore(ThrowawayPostgres.ConnectionString, new PostgreSqlStoreOptions { Schema = _schema });
        _stores.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task ACommittedChange_AndItsReport_AreSeenByAnotherNodesStore()
    {
        var first = NewStore();
        await using (var transaction = await first.BeginAsync())
        {
            await transaction.InsertAsync(Step("1.2.3.1"));
            await transaction.EnqueueReportAsync(Report("1.2.3.1"));
            await transaction.CommitAsync();
        }

        var second = NewStore(); // another node: its own connections, the same schema
        var step = await second.FindAsync(Mpps, "1.2.3.1");
        Assert.NotNull(step);
        Assert.Equal(("IN PROGRESS", 0L, "CT"), (step.State, step.Version, step.Dataset.GetString(DicomTag.Modality)));
        Assert.Equal(["1.2.3.1"], (await second.Outbox.PendingAsync()).Select(r => r.SopInstanceUid));
    }
}
