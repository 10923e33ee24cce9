using System.Text.Json.Nodes;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Samples;

/// <summary>
/// samples/UpsScp driven by dcmjs-dimse as creator, watcher and performer (PS3.4 CC): the watcher subscribes globally and
/// hears every change in order; the refusals PS3.4 names; a SIGKILL and a restart lose no workitem, lock, subscription or report.
/// </summary>
public class UpsSampleTests
{
    private const string Push = "1.2.840.10008.5.1.4.34.6.1";
    private const string Watch = "1.2.840.10008.5.1.4.34.6.2";
    private const string Pull = "1.2.840.10008.5.1.4.34.6.3";
    internal const string Event = "1.2.840.10008.5.1.4.34.6.4";
    internal const string GlobalSubscription = "1.2.840.10008.5.1.4.34.5";

    private static object Create(string workitem, string label) => new
    {
        type = "N-CREATE",
        sopClass = Push,
        sopInstance = workitem,
        dataset = new Dictionary<string, object>
        {
            ["ProcedureStepState"] = "SCHEDULED",
            ["ScheduledProcedureStepStartDateTime"] = "20261203100000",
            ["InputReadinessState"] = "READY",
            ["ScheduledProcedureStepPriority"] = "MEDIUM",
            ["ProcedureStepLabel"] = label,
            ["PatientName"] = "Doe^Jane",
            ["PatientID"] = "P1",
        },
    };

    private static object ChangeState(string workitem, string state, string transaction) => new
    {
        type = "N-ACTION", sopClass = Push, context = Pull, sopInstance = workitem, typeId = 1,
        dataset = new Dictionary<string, object> { ["ProcedureStepState"] = state, ["TransactionUID"] = transaction },
    };

    private static object Set(string workitem, string transaction, Dictionary<string, object> changes)
    {
        changes["TransactionUID"] = transaction;
        return new { type = "N-SET", sopClass = Push, context = Pull, sopInstance = workitem, dataset = changes };
    }

    internal static object Subscribe(string target, string receiver) => new
    {
        type = "N-ACTION", sopClass = Push, context = Watch, sopInstance = target, typeId = 3,
        dataset = new Dictionary<string, object> { ["ReceivingAE"] = receiver, ["DeletionLock"] = "FALSE" },
    };

    private static object RequestCancel(string workitem) => new
    {
        type = "N-ACTION", sopClass = Push, sopInstance = workitem, typeId = 2,
        dataset = new Dictionary<string, object> { ["ReasonForCancellation"] = "patient left" },
    };

    private static Dictionary<string, object> Progress(int percent) => new()
    {
        ["ProcedureStepProgressInformationSequence"] = new[] { new Dictionary<string, object> { ["ProcedureStepProgress"] = percent } },
    };

    private static Dictionary<string, object> Performed() => new()
    {
        ["UnifiedProcedureStepPerformedProcedureSequence"] = new[]
        {
            new Dictionary<string, object>
            {
                ["PerformedProcedureStepStartDateTime"] = "20261203101500",
                ["PerformedProcedureStepEndDateTime"] = "20261203103000",
                ["PerformedStationNameCodeSequence"] = new[] { Code("WS1", "Workstation 1") },
                ["PerformedWorkitemCodeSequence"] = new[] { Code("110005", "Interpretation") },
            },
        },
    };

    private static Dictionary<string, object> Code(string value, string meaning) =>
        new() { ["CodeValue"] = value, ["CodingSchemeDesignator"] = "DCM", ["CodeMeaning"] = meaning };

    internal static List<int> Statuses(IReadOnlyList<JsonObject> printed) => printed.Where(r => r.ContainsKey("status")).Select(r => (int)r["status"]!).ToList();

    /// <summary>The reports the watcher received about one workitem: (event type, Procedure Step State or progress).</summary>
    internal static List<string> Reports(BackgroundProcess watcher, string workitem) =>
        DcmjsPeer.ParseLines(watcher.Output)
            .Where(line => (string?)line["type"] == "N-EVENT-REPORT" && (string?)line["sopInstance"] == workitem)
            .Select(line => $"{(int)line["typeId"]!} {Describe(line["dataset"]?.AsObject())}")
            .ToList();

    private static string Describe(JsonObject? information) =>
        information?["ProcedureStepState"]?.ToString()
        ?? information?["ProcedureStepProgressInformationSequence"]?[0]?["ProcedureStepProgress"]?.ToString()
        ?? "-";

    internal static async Task WaitForReportsAsync(BackgroundProcess watcher, string workitem, int count, BackgroundProcess sample)
    {
        for (var i = 0; i < 200 && Reports(watcher, workitem).Count < count; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(Reports(watcher, workitem).Count >= count,
            $"the watcher has {Reports(watcher, workitem).Count} of {count} reports for {workitem}: {watcher.Output}\nthe sample printed: {sample.Output}");
    }

    [Fact]
    public async Task WatcherAndPerformer_TheWholeWorkflow_ReportsInOrder_AndTheRefusalsPs34Names()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        var watcherPort = LocalPorts.Free();
        using var watcher = await DcmjsPeer.StartScpAsync(watcherPort, new { abstractSyntaxes = new[] { Event } }, temp);
        using var sample = SampleRunner.Start("UpsScp", "--listen", $"UPS@127.0.0.1:{port}", "--store", Path.Combine(temp.Path, "ups.db"),
            "--subscriber", $"WATCHER@127.0.0.1:{watcherPort}");
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        var workitem = DicomUid.Generate();
        var other = DicomUid.Generate();
        var transaction = DicomUid.Generate();

        var created = DcmjsPeer.RunScu(port, "RIS", "UPS", new[] { Create(workitem, "CT head") }, temp);
        var subscribed = DcmjsPeer.RunScu(port, "WATCHER", "UPS", new[] { Subscribe(GlobalSubscription, "WATCHER"), Subscribe(DicomUid.Generate(), "WATCHER"), Subscribe(workitem, "NOBODY") }, temp);
        await WaitForReportsAsync(watcher, workitem, 1, sample);
        var performed = DcmjsPeer.RunScu(port, "PERFORMER", "UPS", new[]
        {
            ChangeState(workitem, "IN PROGRESS", transaction),
            ChangeState(workitem, "IN PROGRESS", DicomUid.Generate()),
            ChangeState(workitem, "COMPLETED", DicomUid.Generate()),
            ChangeState(workitem, "COMPLETED", transaction),
            Set(workitem, DicomUid.Generate(), Progress(50)),
            Set(workitem, transaction, Progress(50)),
            Set(workitem, transaction, Performed()),
            ChangeState(workitem, "COMPLETED", transaction),
            Set(workitem, transaction, Progress(100)),
            ChangeState(workitem, "COMPLETED", transaction),
        }, temp);
        var canceled = DcmjsPeer.RunScu(port, "RIS", "UPS", new[]
        {
            Create(other, "CT chest"), ChangeState(other, "IN PROGRESS", DicomUid.Generate()), RequestCancel(other), RequestCancel(workitem),
        }, temp);

        Assert.Equal([0x0000], Statuses(created));
        // Global subscription; an unknown workitem (0xC307); a Receiving AE the SCP cannot send to (0xC308).
        Assert.Equal([0x0000, 0xC307, 0xC308], Statuses(subscribed));
        // Claimed; claimed again (0xC302); completed with another's Transaction UID (0xC301); completed without the final-state
        // attributes (0xC304); an N-SET without the lock (0xC301); progress; the performed procedure; completed; an N-SET of a
        // COMPLETED workitem (0xC300); completed again (0xB306, a warning).
        Assert.Equal([0x0000, 0xC302, 0xC301, 0xC304, 0xC301, 0x0000, 0x0000, 0x0000, 0xC300, 0xB306], Statuses(performed));
        // A second workitem claimed by RIS itself, which does not watch it: its cancel request cannot reach the performer (0xC312);
        // a COMPLETED one cannot be canceled (0xC311).
        Assert.Equal([0x0000, 0x0000, 0xC312, 0xC311], Statuses(canceled));

        await WaitForReportsAsync(watcher, workitem, 4, sample);
        // The initial State Report on subscribing, the claim, the progress, the completion — in that order, nothing more.
        Assert.Equal(["1 SCHEDULED", "1 IN PROGRESS", "3 50", "1 COMPLETED"], Reports(watcher, workitem));
        Assert.Contains($"UPS {workitem}: COMPLETED", sample.Output);
    }

    [Fact]
    public async Task KilledMidWorkflow_WithReportsQueued_TheRestartedScpHasItAll_AndDeliversThemInOrder()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        var watcherPort = LocalPorts.Free(); // the watcher is down until after the kill: its reports wait in the outbox
        var store = Path.Combine(temp.Path, "ups.db");
        string[] arguments = ["--listen", $"UPS@127.0.0.1:{port}", "--store", store, "--subscriber", $"WATCHER@127.0.0.1:{watcherPort}"];
        var workitem = DicomUid.Generate();
        var transaction = DicomUid.Generate();
        var first = SampleRunner.Start("UpsScp", arguments);
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        var before = DcmjsPeer.RunScu(port, "RIS", "UPS", new[] { Create(workitem, "MR knee") }, temp)
            .Concat(DcmjsPeer.RunScu(port, "WATCHER", "UPS", new[] { Subscribe(GlobalSubscription, "WATCHER") }, temp))
            .Concat(DcmjsPeer.RunScu(port, "PERFORMER", "UPS", new[] { ChangeState(workitem, "IN PROGRESS", transaction), Set(workitem, transaction, Progress(30)) }, temp))
            .ToList();
        Assert.Equal([0x0000, 0x0000, 0x0000, 0x0000], Statuses(before));

        await first.KillAsync(); // SIGKILL with three reports for the watcher queued and undelivered
        first.Dispose();
        using var watcher = await DcmjsPeer.StartScpAsync(watcherPort, new { abstractSyntaxes = new[] { Event } }, temp);
        using var second = SampleRunner.Start("UpsScp", arguments);
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        await second.WaitForOutputAsync("(1 kept, 0 final ones forgotten)", TimeSpan.FromSeconds(10));

        // The lock survived: the performer completes with the Transaction UID it claimed with before the kill.
        var after = DcmjsPeer.RunScu(port, "PERFORMER", "UPS", new[]
        {
            Set(workitem, DicomUid.Generate(), Progress(60)),
            Set(workitem, transaction, Performed()),
            ChangeState(workitem, "COMPLETED", transaction),
        }, temp);
        Assert.Equal([0xC301, 0x0000, 0x0000], Statuses(after));

        await WaitForReportsAsync(watcher, workitem, 4, second);
        Assert.Equal(["1 SCHEDULED", "1 IN PROGRESS", "3 30", "1 COMPLETED"], Reports(watcher, workitem));
        // The restarted SCP told its subscriber so (SCP Status Change on the global subscription instance).
        Assert.Contains(DcmjsPeer.ParseLines(watcher.Output),
            line => (int?)line["typeId"] == 4 && (string?)line["dataset"]?["SCPStatus"] == "RESTARTED");
    }

    [Fact]
    public void UpsPerformer_AgainstItsEmbeddedScp_TheWatcherHearsEveryChangeInOrder()
    {
        var result = SampleRunner.Run("UpsPerformer");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var heard = result.StandardOutput.Split('\n').Where(l => l.StartsWith("watcher:")).Select(l => l[(l.IndexOf(' ', 10) + 1)..].Trim()).ToList();
        Assert.Equal(["is SCHEDULED (input READY)", "is IN PROGRESS (input READY)", "progress 50 %", "is COMPLETED (input READY)"], heard);
        Assert.Contains("COMPLETED; the watcher heard every change.", result.StandardOutput);
    }

    [Fact]
    public async Task UpsPerformer_AgainstTheUpsScpSample_InAnotherProcess()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        var watcherPort = LocalPorts.Free();
        using var scp = SampleRunner.Start("UpsScp", "--listen", $"UPS@127.0.0.1:{port}", "--store", Path.Combine(temp.Path, "ups.db"),
            "--subscriber", $"WATCHER@127.0.0.1:{watcherPort}");
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));

        var result = SampleRunner.Run("UpsPerformer", "--scp", $"UPS@127.0.0.1:{port}", "--listen", $"WATCHER@127.0.0.1:{watcherPort}");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput + scp.Output);
        Assert.Contains("COMPLETED; the watcher heard every change.", result.StandardOutput);
        Assert.Contains("progress 50 %", result.StandardOutput);
    }
}
