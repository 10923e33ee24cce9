using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;

namespace Declarative.Dicom.Interop.Tests.UpsRs;

/// <summary>
/// samples/UpsScp speaking DIMSE and UPS-RS at once, driven by clients that are not ours: a curl script performs the whole
/// workflow over HTTP, Node's `ws` holds a notification connection, and dcmjs-dimse is a DIMSE subscriber of the same SCP.
/// Both subscribers hear the same events in the same order.
/// </summary>
public class UpsRsScriptedClientTests
{
    [Fact]
    public async Task CurlPerformsTheWorkflow_AndAWebSocketAndADimseSubscriber_HearTheSameEventsInOrder()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        var httpPort = LocalPorts.Free();
        var watcherPort = LocalPorts.Free();
        using var dimseWatcher = await DcmjsPeer.StartScpAsync(watcherPort, new { abstractSyntaxes = new[] { UpsSampleTests.Event } }, temp);
        using var sample = SampleRunner.Start("UpsScp", "--listen", $"UPS@127.0.0.1:{port}", "--store", Path.Combine(temp.Path, "ups.db"),
            "--subscriber", $"WATCHER@127.0.0.1:{watcherPort}", "--http", $"127.0.0.1:{httpPort}");
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        await LocalPorts.WaitUntilListeningAsync(httpPort, TimeSpan.FromSeconds(30));
        Assert.Equal([0x0000], UpsSampleTests.Statuses(DcmjsPeer.RunScu(port, "WATCHER", "UPS", new[] { UpsSampleTests.Subscribe(UpsSampleTests.GlobalSubscription, "WATCHER") }, temp)));

        // The notification connection first (PS3.18 11.10), then the script subscribes it and runs the workflow.
        using var webWatcher = new BackgroundProcess("node", Path.Combine(RepositoryPaths.NodePeers, "ups-rs-subscriber.js"),
            $"ws://127.0.0.1:{httpPort}/dicomweb/subscribers/NODEW", "4");
        await webWatcher.WaitForOutputAsync("{\"open\":true}", TimeSpan.FromSeconds(15));
        var workitem = DicomUid.Generate();
        var script = ExternalTool.Run("bash", TimeSpan.FromSeconds(60), Path.Combine(RepositoryPaths.Root, "tests", "Declarative.Dicom.Interop.Tests", "UpsRs", "ups-rs-workflow.sh"),
            $"http://127.0.0.1:{httpPort}/dicomweb", "NODEW", workitem, DicomUid.Generate()).EnsureSuccess("the curl script");

        await webWatcher.WaitForOutputAsync("{\"closed\":1000}", TimeSpan.FromSeconds(15));
        await UpsSampleTests.WaitForReportsAsync(dimseWatcher, workitem, 4, sample);

        Assert.Equal(
            ["subscribe 201", "create 201", "claim 200", "progress 200", "performed 200", "complete 200", "complete-again 200"],
            script.StandardOutput.Split('\n').Where(l => l.Split(' ') is [_, { Length: 3 }]).ToArray());
        Assert.Contains("\"00741000\":{\"vr\":\"CS\",\"Value\":[\"COMPLETED\"]}", script.StandardOutput);

        var heardOverWeb = DcmjsPeer.ParseLines(webWatcher.Output).Where(l => l.ContainsKey("eventType")).ToList();
        string[] expected = ["1 SCHEDULED", "1 IN PROGRESS", "3 50", "1 COMPLETED"];
        Assert.Equal(expected, UpsSampleTests.Reports(dimseWatcher, workitem));
        Assert.Equal(expected, heardOverWeb.Select(l => $"{(int)l["eventType"]!} {l["state"] ?? l["progress"]}"));
        Assert.All(heardOverWeb, l => Assert.Equal(workitem, (string?)l["workitem"]));
        Assert.Equal([1, 2, 3, 4], heardOverWeb.Select(l => (int)l["messageId"]!)); // this connection's own Message IDs
    }
}
