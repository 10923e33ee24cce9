using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;

namespace Declarative.Dicom.Interop.Tests.ScaleOut;

/// <summary>
/// UPS-RS on the scale-out deployment: three WorkflowNodes on PostgreSQL behind deploy/haproxy.cfg, its HTTP frontend
/// sending each request to the next node. Node's `ws` holds a notification connection on one node while the curl script's
/// requests land on all three; it hears every event, in order, as does a dcmjs-dimse subscriber by DIMSE.
/// </summary>
public class UpsRsBehindHaproxyTests
{
    [Fact]
    public async Task ASubscriberConnectedToOneNode_HearsTheWorkflowTheOtherNodesRan_InOrder_AsTheDimseSubscriberDoes()
    {
        using var temp = new TempDirectory();
        var watcherPort = LocalPorts.Free();
        using var dimseWatcher = await DcmjsPeer.StartScpAsync(watcherPort, new { abstractSyntaxes = new[] { UpsSampleTests.Event } }, temp);
        using var cluster = await ScaleOutCluster.StartAsync([$"WATCHER@127.0.0.1:{watcherPort}"], lease: TimeSpan.FromSeconds(30));
        Assert.Equal([0x0000], UpsSampleTests.Statuses(DcmjsPeer.RunScu(cluster.Port, "WATCHER", "NODE", new[] { UpsSampleTests.Subscribe(UpsSampleTests.GlobalSubscription, "WATCHER") }, temp)));

        using var webWatcher = new BackgroundProcess("node", Path.Combine(RepositoryPaths.NodePeers, "ups-rs-subscriber.js"),
            $"ws://127.0.0.1:{cluster.HttpPort}/dicomweb/subscribers/NODEW", "4");
        await webWatcher.WaitForOutputAsync("{\"open\":true}", TimeSpan.FromSeconds(15));
        var workitem = DicomUid.Generate();
        var script = ExternalTool.Run("bash", TimeSpan.FromSeconds(60), Path.Combine(RepositoryPaths.Root, "tests", "Declarative.Dicom.Interop.Tests", "UpsRs", "ups-rs-workflow.sh"),
            $"http://127.0.0.1:{cluster.HttpPort}/dicomweb", "NODEW", workitem, DicomUid.Generate()).EnsureSuccess("the curl script");
        await webWatcher.WaitForOutputAsync("{\"closed\":1000}", TimeSpan.FromSeconds(20));
        await UpsSampleTests.WaitForReportsAsync(dimseWatcher, workitem, 4, cluster.Nodes[0]);

        Assert.Equal(
            ["subscribe 201", "create 201", "claim 200", "progress 200", "performed 200", "complete 200", "complete-again 200"],
            script.StandardOutput.Split('\n').Where(l => l.Split(' ') is [_, { Length: 3 }]).ToArray());
        string[] expected = ["1 SCHEDULED", "1 IN PROGRESS", "3 50", "1 COMPLETED"];
        var heardOverWeb = DcmjsPeer.ParseLines(webWatcher.Output).Where(l => l.ContainsKey("eventType")).ToList();
        Assert.Equal(expected, heardOverWeb.Select(l => $"{(int)l["eventType"]!} {l["state"] ?? l["progress"]}"));
        Assert.Equal(expected, UpsSampleTests.Reports(dimseWatcher, workitem));

        // The connection was on one node; the requests that made the events were answered by the others too.
        var holder = cluster.Nodes.Select((n, i) => (n, i)).Single(x => x.n.Output.Contains("notification connection of NODEW opened", StringComparison.Ordinal)).i;
        var answeredElsewhere = cluster.Nodes.Where((_, i) => i != holder).Sum(n => n.Output.Split('\n').Count(l => l.Contains("UPS-RS ", StringComparison.Ordinal) && l.Contains("/dicomweb/workitems", StringComparison.Ordinal)));
        Assert.True(answeredElsewhere > 0, cluster.Logs);
    }
}
