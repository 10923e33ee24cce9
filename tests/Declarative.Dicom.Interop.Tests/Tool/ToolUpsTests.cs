using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`dicom-events ups` against samples/UpsScp: create, claim, a refused completion, cancel — and `ups watch` hearing each change.</summary>
public class ToolUpsTests
{
    [Fact]
    public async Task CreateClaimCancel_TheWatcherHearsEachState_InOrder_AndARefusalExitsWithItsStatus()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        var watcherPort = LocalPorts.Free();
        var scp = $"UPS@127.0.0.1:{port}";
        using var sample = SampleRunner.Start("UpsScp", "--listen", scp, "--store", Path.Combine(temp.Path, "ups.db"), "--subscriber", $"WATCHER@127.0.0.1:{watcherPort}");
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        using var watch = DicomEventsTool.Start("ups", "watch", scp, "--listen", $"WATCHER@127.0.0.1:{watcherPort}");
        await watch.WaitForOutputAsync("Subscribe Success", TimeSpan.FromSeconds(30));
        var workitem = DicomUid.Generate();
        var transaction = DicomUid.Generate();

        var created = DicomEventsTool.Run("ups", "create", scp, "--label", "CT head", "--uid", workitem);
        var claimed = DicomEventsTool.Run("ups", "state", scp, workitem, "IN PROGRESS", "--transaction", transaction);
        var completed = DicomEventsTool.Run("ups", "state", scp, workitem, "COMPLETED", "--transaction", transaction);
        var canceled = DicomEventsTool.Run("ups", "state", scp, workitem, "CANCELED", "--transaction", transaction);
        var withoutTransaction = DicomEventsTool.Run("ups", "state", scp, workitem, "COMPLETED");

        Assert.True(created.ExitCode == 0, created.StandardError + created.StandardOutput);
        Assert.Contains($"N-CREATE workitem {workitem}: Success (0x0000)", created.StandardOutput);
        Assert.Contains("Success (0x0000)", claimed.StandardOutput);
        Assert.Equal(1, completed.ExitCode); // COMPLETED without the final-state attributes: 0xC304
        Assert.Contains("Failure 0xC304", completed.StandardOutput);
        Assert.Contains("Success (0x0000)", canceled.StandardOutput);
        Assert.Equal(64, withoutTransaction.ExitCode);
        Assert.Contains("needs --transaction", withoutTransaction.StandardError);

        await watch.WaitForOutputAsync("CS [CANCELED]", TimeSpan.FromSeconds(15));
        var states = watch.Output.Split('\n').Where(l => l.Contains("ProcedureStepState")).Select(l => l[(l.IndexOf('[') + 1)..l.IndexOf(']')]).ToList();
        Assert.Equal(["SCHEDULED", "IN PROGRESS", "CANCELED"], states);
        Assert.Contains("event type 1 (UPS State Report)", watch.Output);
        Assert.Equal(0, await watch.TerminateAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("Unsubscribe: Success", watch.Output);
    }
}
