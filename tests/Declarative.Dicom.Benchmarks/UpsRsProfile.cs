using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Declarative.Dicom.TestSupport;
using Declarative.Dicom.Web;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `ups-load --web`: the same workload as `ups-load`, its subscribers once by DIMSE (the baseline) and once as UPS-RS watchers
/// on notification connections (the same <see cref="ReportCounter"/> class behind <see cref="UpsRsWatcher"/>), both on the
/// in-memory store, in one run: what the web channel costs per report against an association.
/// </summary>
internal static class UpsRsProfile
{
    public static async Task<int> RunAsync(int workitems, int subscribers, int rounds)
    {
        Console.WriteLine($"{workitems} workitems created, claimed, completed by one performer; {subscribers} global subscribers; 3 reports each per workitem; in-memory store");
        Console.WriteLine("channel: workitems/s, reports/s delivered, vs DIMSE subscribers");
        for (var round = 0; round < rounds; round++)
        {
            var dimse = await UpsProfile.RunOnceAsync(new InMemoryInstanceStore(), workitems, subscribers);
            UpsProfile.Print("DIMSE", dimse, dimse);
            UpsProfile.Print("UPS-RS", await RunOnceAsync(new InMemoryInstanceStore(), workitems, subscribers), dimse);
        }

        return 0;
    }

    private static async Task<(double Workitems, double Reports)> RunOnceAsync(IInstanceStore store, int workitems, int subscriberCount)
    {
        var options = new ReportOutboxOptions { AETitle = "UPS", PollInterval = TimeSpan.FromMilliseconds(50) };
        await using var outbox = new ReportOutbox(store.Outbox, new RemoteApplicationEntityTable(), options).Start();
        var ups = new UnifiedProcedureStepWorkflow(store, outbox);
        await using var scp = new DicomServer(new DicomServerOptions { AETitle = "UPS", Port = 0 }, new ProfileWorkitems(ups)).Start();

        var (web, baseUri) = await LoopbackUpsRs.StartAsync(ups, outbox);
        await using var _ = web;
        using var client = new UpsRsClient(baseUri);
        var watchers = new List<(UpsRsWatcher Watcher, ReportCounter Counter)>();
        for (var i = 0; i < subscriberCount; i++)
        {
            var counter = new ReportCounter();
            var watcher = new UpsRsWatcher(client, $"WEB{i}", counter, new UpsRsWatcherOptions { UnsubscribeOnDispose = false }).WatchWorklist();
            await watcher.StartAsync();
            watchers.Add((watcher, counter));
        }

        var figures = await UpsProfile.PerformAsync(new RemoteApplicationEntity("UPS", "127.0.0.1", scp.Port), workitems, 3L * workitems * subscriberCount,
            () => watchers.Sum(w => w.Counter.Received));
        foreach (var (watcher, _) in watchers)
        {
            await watcher.DisposeAsync();
        }

        await web.StopAsync();
        return figures;
    }
}
