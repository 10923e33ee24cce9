using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`dicom-events ups-rs` against samples/UpsScp's UPS-RS: a watcher on the notification connection, and the Worklist Service's requests from the shell.</summary>
public class ToolUpsRsTests
{
    [Fact]
    public async Task WatchPrintsTheEvents_OfTheRequestsTheToolSends_AndItsExitCodesFollowTheHttpStatus()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        var httpPort = LocalPorts.Free();
        var origin = $"http://127.0.0.1:{httpPort}/dicomweb";
        using var sample = SampleRunner.Start("UpsScp", "--listen", $"UPS@127.0.0.1:{port}", "--store", Path.Combine(temp.Path, "ups.db"), "--http", $"127.0.0.1:{httpPort}");
        await LocalPorts.WaitUntilListeningAsync(httpPort, TimeSpan.FromSeconds(30));
        var pagePort = LocalPorts.Free();
        using var watch = DicomEventsTool.Start("ups-rs", "watch", origin, "--aet", "TOOLWATCH", "--web", "--http-port", pagePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await watch.WaitForOutputAsync("Watching as TOOLWATCH", TimeSpan.FromSeconds(30));
        // The live page's event stream, read as a browser's EventSource would.
        using var page = new BackgroundProcess("curl", "-sN", $"http://127.0.0.1:{pagePort}/events");
        await page.WaitForOutputAsync(": connected", TimeSpan.FromSeconds(10));
        var workitem = DicomUid.Generate();
        var transaction = DicomUid.Generate();
        File.WriteAllText(temp.File("progress.json"), """[{"00741002": {"vr": "SQ", "Value": [{"00741004": {"vr": "DS", "Value": [40]}}]}}]""");

        var created = DicomEventsTool.Run("ups-rs", "create", origin, "--label", "CT head", "--uid", workitem);
        var claimed = DicomEventsTool.Run("ups-rs", "state", origin, workitem, "IN PROGRESS", "--transaction", transaction);
        var progressed = DicomEventsTool.Run("ups-rs", "update", origin, workitem, "--json", temp.File("progress.json"), "--transaction", transaction);
        var tooSoon = DicomEventsTool.Run("ups-rs", "state", origin, workitem, "COMPLETED", "--transaction", transaction);
        var canceled = DicomEventsTool.Run("ups-rs", "state", origin, workitem, "CANCELED", "--transaction", transaction);
        var found = DicomEventsTool.Run("ups-rs", "search", origin, "-k", "ProcedureStepState=CANCELED", "-k", "includefield=ProcedureStepLabel");
        var read = DicomEventsTool.Run("ups-rs", "get", origin, workitem);
        var unknown = DicomEventsTool.Run("ups-rs", "get", origin, "1.2.826.0.404");
        var notAUrl = DicomEventsTool.Run("ups-rs", "get", "pacs:104", workitem);

        Assert.Equal([0, 0, 0, 1, 0, 0, 0, 1, 64], new[] { created, claimed, progressed, tooSoon, canceled, found, read, unknown, notAUrl }.Select(r => r.ExitCode));
        Assert.Contains($"Create workitem {workitem}: 201", created.StandardOutput);
        Assert.Contains("409 (299 declarative-dicom: The submitted request is inconsistent with the current state of the Workitem.)", tooSoon.StandardOutput);
        Assert.Contains("\"00741204\":{\"vr\":\"LO\",\"Value\":[\"CT head\"]}", found.StandardOutput);
        Assert.Contains("\"CANCELED\"", read.StandardOutput);
        Assert.Contains("is not an http or https URL", notAUrl.StandardError);

        await watch.WaitForOutputAsync("CS [CANCELED]", TimeSpan.FromSeconds(15));
        var states = watch.Output.Split('\n').Where(l => l.TrimEnd().EndsWith("ProcedureStepState", StringComparison.Ordinal) || l.TrimEnd().EndsWith("ProcedureStepProgress", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('[') + 1)..l.IndexOf(']')]).ToList();
        Assert.Equal(["SCHEDULED", "IN PROGRESS", "40", "CANCELED"], states);
        Assert.Contains("event type 1 (UPS State Report)", watch.Output);
        Assert.Contains("N-EVENT-REPORT from the UPS-RS origin server to our notification connection", watch.Output);
        await page.WaitForOutputAsync("CANCELED", TimeSpan.FromSeconds(10));
        var onThePage = page.Output.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains(workitem, StringComparison.Ordinal)).ToList();
        Assert.Equal(4, onThePage.Count);
        Assert.All(onThePage, l => Assert.Contains("\"kind\":\"report\"", l));
        Assert.Equal(0, await watch.TerminateAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("Stopping: unsubscribing.", watch.Output);
    }
}
