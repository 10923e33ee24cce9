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
        using var webWatcher = await UpsRsScript.ConnectAsync(httpPort, "NODEW", 4);
        var workitem = DicomUid.Generate();
        var script = UpsRsScript.RunWorkflow(httpPort, "NODEW", workitem);
        await webWatcher.WaitForOutputAsync("{\"closed\":1000}", TimeSpan.FromSeconds(15));
        await UpsSampleTests.WaitForReportsAsync(dimseWatcher, workitem, 4, sample);

        Assert.Equal(UpsRsScript.Answered, UpsRsScript.Answers(script));
        Assert.Contains("\"00741000\":{\"vr\":\"CS\",\"Value\":[\"COMPLETED\"]}", script.StandardOutput);
        var heardOverWeb = UpsRsScript.Heard(webWatcher);
        Assert.Equal(UpsRsScript.Events, UpsSampleTests.Reports(dimseWatcher, workitem));
        Assert.Equal(UpsRsScript.Events, heardOverWeb.Select(UpsRsScript.Describe));
        Assert.All(heardOverWeb, l => Assert.Equal(workitem, (string?)l["workitem"]));
        Assert.Equal([1, 2, 3, 4], heardOverWeb.Select(l => (int)l["messageId"]!)); // this connection's own Message IDs
    }
}
