using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;
using Declarative.Dicom.Interop.Tests.UpsRs;

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

        using var webWatcher = await UpsRsScript.ConnectAsync(cluster.HttpPort, "NODEW", 4);
        var workitem = DicomUid.Generate();
        var script = UpsRsScript.RunWorkflow(cluster.HttpPort, "NODEW", workitem);
        await webWatcher.WaitForOutputAsync("{\"closed\":1000}", TimeSpan.FromSeconds(20));
        await UpsSampleTests.WaitForReportsAsync(dimseWatcher, workitem, 4, cluster.Nodes[0]);

        Assert.Equal(UpsRsScript.Answered, UpsRsScript.Answers(script));
        Assert.Equal(UpsRsScript.Events, UpsRsScript.Heard(webWatcher).Select(UpsRsScript.Describe));
        Assert.Equal(UpsRsScript.Events, UpsSampleTests.Reports(dimseWatcher, workitem));

        // The connection was on one node; the requests that made the events were answered by the others too.
        var holder = cluster.Nodes.Select((n, i) => (n, i)).Single(x => x.n.Output.Contains("notification connection of NODEW opened", StringComparison.Ordinal)).i;
        var answeredElsewhere = cluster.Nodes.Where((_, i) => i != holder).Sum(n => n.Output.Split('\n').Count(l => l.Contains("UPS-RS ", StringComparison.Ordinal) && l.Contains("/dicomweb/workitems", StringComparison.Ordinal)));
        Assert.True(answeredElsewhere > 0, cluster.Logs);
    }
}
