using System.Collections.Concurrent;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.State;
using Declarative.Dicom.Tests.Network;
using Declarative.Dicom.Web;
using static Declarative.Dicom.Tests.Web.UpsRsWorkitems;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// One event model, two channels: the same watcher class hears a workitem's events from the same UPS SCP by N-EVENT-REPORT
/// and over a UPS-RS notification connection, in the same order and with the same typed Event Information; a connection
/// that drops comes back and knows the final state.
/// </summary>
public sealed class UpsRsWatcherTests
{
    [Fact]
    public async Task TheSameWatcherClass_HearsTheSameEvents_InTheSameOrder_ByDimseAndOverUpsRs()
    {
        var dimseWatcher = new HeardUpsEvents();
        await using var listening = new DicomServer(new DicomServerOptions { AETitle = "DIMSEWATCH", Port = 0 }, dimseWatcher).Start();
        var subscribers = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("DIMSEWATCH", "127.0.0.1", listening.Port));
        await using var host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore(), subscribers);
        using var client = host.Client();

        // DIMSE: N-ACTION Subscribe on a UPS Watch context, as any SCU would.
        await using (var association = await DicomClient.ConnectAsync(host.DimseAddress, [new PresentationContextRequest(SopClass.UnifiedProcedureStepWatch)]))
        {
            var subscribe = new NActionRequest(SopClass.UnifiedProcedureStepPush, WellKnownSopInstance.UPSGlobalSubscription, 3,
                new DicomDataset().Set(DicomTag.ReceivingAE, "DIMSEWATCH").Set(DicomTag.DeletionLock, "FALSE")) { ContextSopClassUid = SopClass.UnifiedProcedureStepWatch };
            Assert.True((await association.SendAsync(subscribe)).Status.IsSuccess);
            await association.ReleaseAsync();
        }

        // UPS-RS: the same class, fed by the notification connection.
        var webWatcher = new HeardUpsEvents();
        var messageIds = new ConcurrentQueue<ushort>();
        await using var watcher = new UpsRsWatcher(client, "WEBWATCH", webWatcher).WatchWorklist();
        watcher.Dispatched += (id, _, status) => { messageIds.Enqueue(id); Assert.True(status.IsSuccess); };
        await watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var transaction = DicomUid.Generate();
        Assert.Equal(201, (await client.CreateAsync(Scheduled("CT head"), "1.2.826.0.3.1")).Status);
        Assert.Equal(200, (await client.ChangeStateAsync("1.2.826.0.3.1", "IN PROGRESS", transaction)).Status);
        Assert.Equal(200, (await client.UpdateAsync("1.2.826.0.3.1", Progress("50"), transaction)).Status);
        Assert.Equal(200, (await client.UpdateAsync("1.2.826.0.3.1", Performed(), transaction)).Status);
        Assert.Equal(200, (await client.ChangeStateAsync("1.2.826.0.3.1", "COMPLETED", transaction)).Status);
        await Task.WhenAll(dimseWatcher.Final.Task, webWatcher.Final.Task).WaitAsync(TimeSpan.FromSeconds(15));

        string[] expected =
        [
            "1.2.826.0.3.1 state SCHEDULED input READY",
            "1.2.826.0.3.1 state IN PROGRESS input READY",
            "1.2.826.0.3.1 progress 50",
            "1.2.826.0.3.1 state COMPLETED input READY",
        ];
        Assert.Equal(expected, dimseWatcher.Heard);
        Assert.Equal(expected, webWatcher.Heard);
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, messageIds); // the notification connection numbers its own messages
        await Eventually.TrueAsync(async () => (await host.Store.Outbox.PendingAsync()).Count == 0, "both channels' reports delivered and forgotten");
    }

    [Fact]
    public async Task ADroppedConnection_Reconnects_Resubscribes_AndHearsWhatItMissed_EndingWithTheFinalState()
    {
        await using var host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore());
        await using var network = ProxyRelay.Plain(host.BaseUri.Port);
        using var direct = host.Client();
        using var throughNetwork = new UpsRsClient(new UriBuilder(host.BaseUri) { Port = network.Port }.Uri);
        var heard = new HeardUpsEvents();
        var resynchronized = new ConcurrentQueue<string>();
        var drops = new ConcurrentQueue<string>();
        var connections = 0;
        await using var watcher = new UpsRsWatcher(throughNetwork, "WEBWATCH", heard).WatchWorklist();
        watcher.Resynchronized += (uid, workitem) => resynchronized.Enqueue($"{uid} {workitem?.GetString(DicomTag.ProcedureStepState)}");
        watcher.Disconnected += drops.Enqueue;
        watcher.Connected += () => Interlocked.Increment(ref connections);
        await watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var transaction = DicomUid.Generate();
        await direct.CreateAsync(Scheduled("CT head"), "1.2.826.0.4.1");
        await direct.ChangeStateAsync("1.2.826.0.4.1", "IN PROGRESS", transaction);
        await Eventually.TrueAsync(() => heard.Heard.Count == 2, "the first two State Reports");

        // The network fails mid-workflow; the workitem is progressed and completed meanwhile.
        network.Refusing = true;
        network.Cut();
        await Eventually.TrueAsync(() => !drops.IsEmpty, "the watcher to see the drop");
        await direct.UpdateAsync("1.2.826.0.4.1", Progress("50"), transaction);
        await direct.UpdateAsync("1.2.826.0.4.1", Performed(), transaction);
        await direct.ChangeStateAsync("1.2.826.0.4.1", "COMPLETED", transaction);
        await Task.Delay(300);
        Assert.Equal(2, heard.Heard.Count); // nothing can arrive while the network is down
        network.Refusing = false;

        await heard.Final.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => Task.FromResult(!resynchronized.IsEmpty && heard.Heard.Count == 5),
            () => $"five reports and a re-read, heard {string.Join(" | ", heard.Heard)}, re-read {string.Join(" | ", resynchronized)}");
        Assert.Equal(2, connections);
        // Read again on the new connection (the first found an empty worklist): it knows the final state whatever it heard.
        Assert.Equal(["1.2.826.0.4.1 COMPLETED"], resynchronized);
        // What was queued while it was away, in order, then the State Report its new subscription queued: the state it is in.
        Assert.Equal(
        [
            "1.2.826.0.4.1 state SCHEDULED input READY",
            "1.2.826.0.4.1 state IN PROGRESS input READY",
            "1.2.826.0.4.1 progress 50",
            "1.2.826.0.4.1 state COMPLETED input READY",
            "1.2.826.0.4.1 state COMPLETED input READY",
        ], heard.Heard);
    }
}
