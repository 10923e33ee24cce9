using System.Net.WebSockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.PostgreSql;
using Declarative.Dicom.TestSupport;
using Declarative.Dicom.Web;
using static Declarative.Dicom.Tests.Web.UpsRsWorkitems;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// Two UPS-RS nodes on one PostgreSQL database (the scale-out issue's set-up): a subscriber's notification connection is on
/// one node, the workitem changes on the other, and the reports reach it anyway — in order, once — because the connection's
/// node takes them from the shared outbox, woken by NOTIFY.
/// </summary>
public sealed class UpsRsScaleOutTests : IAsyncLifetime
{
    private readonly string _schema = ThrowawayPostgres.NewSchema();
    private readonly List<PostgreSqlInstanceStore> _stores = [];
    private UpsRsTestHost _a = null!;
    private UpsRsTestHost _b = null!;

    public async Task InitializeAsync()
    {
        _a = await UpsRsTestHost.StartAsync(Store("a"));
        _b = await UpsRsTestHost.StartAsync(Store("b"));
    }

    private PostgreSqlInstanceStore Store(string node)
    {
        var store = new PostgreSqlInstanceStore(ThrowawayPostgres.ConnectionString,
            new PostgreSqlStoreOptions { Schema = _schema, NodeName = node, ReconnectDelay = TimeSpan.FromMilliseconds(100) });
        _stores.Add(store);
        return store;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASubscriberConnectedToOneNode_HearsTheChangesMadeOnTheOther_InOrder()
    {
        using var onA = _a.Client();
        using var onB = _b.Client();
        var heard = new HeardUpsEvents();
        await using var watcher = new UpsRsWatcher(onB, "ONB", heard).WatchWorklist();
        await watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // A second subscriber subscribes on A, while its connection is on B (as a proxy may route the two).
        using var raw = new ClientWebSocket();
        await raw.ConnectAsync(onB.NotificationUri("SPLIT"), CancellationToken.None);
        var transaction = DicomUid.Generate();
        Assert.Equal(201, (await onA.CreateAsync(Scheduled("CT head"), "1.2.826.0.9.1")).Status);
        Assert.Equal(201, (await onA.SubscribeAsync("1.2.826.0.9.1", "SPLIT")).Status);
        Assert.Equal(200, (await onA.ChangeStateAsync("1.2.826.0.9.1", "IN PROGRESS", transaction)).Status);
        Assert.Equal(200, (await onA.UpdateAsync("1.2.826.0.9.1", Performed(), transaction)).Status);
        Assert.Equal(200, (await onA.ChangeStateAsync("1.2.826.0.9.1", "COMPLETED", transaction)).Status);

        await heard.Final.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(
        [
            "1.2.826.0.9.1 state SCHEDULED input READY",
            "1.2.826.0.9.1 state IN PROGRESS input READY",
            "1.2.826.0.9.1 state COMPLETED input READY",
        ], heard.Heard);

        var split = new List<string>();
        var buffer = new byte[8192];
        while (split.Count < 3)
        {
            var received = await raw.ReceiveAsync(buffer, new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
            split.Add(UpsEventFrame.Read(buffer.AsSpan(0, received.Count)).Report.EventInformation!.GetString(DicomTag.ProcedureStepState));
        }

        Assert.Equal(["SCHEDULED", "IN PROGRESS", "COMPLETED"], split);
        Assert.Empty(_a.Notifications.Connected); // no connection on A: B delivered everything
        await Eventually.TrueAsync(async () => (await _a.Store.Outbox.PendingAsync()).Count == 0, "every report delivered and forgotten");
    }
}
