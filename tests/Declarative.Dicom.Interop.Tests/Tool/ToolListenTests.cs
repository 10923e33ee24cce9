using System.Text.Json.Nodes;
using Declarative.Dicom.Interop.Tests.Dcmjs;
using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`dicom-events listen` receiving what real peers send, and `report` sending to it; stopped by SIGTERM as a service manager would.</summary>
public class ToolListenTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private const string StorageCommitmentInstance = "1.2.840.10008.1.20.1.1";

    [Fact]
    public async Task ListenJson_PrintsAReportSentByDcmjsDimse_AndAnswersSuccess()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        using var listen = DicomEventsTool.Start("listen", $"LISTENER@127.0.0.1:{port}", "--json");
        await listen.WaitForOutputAsync("Listening as LISTENER", TimeSpan.FromSeconds(30));

        var responses = DcmjsPeer.RunScu(port, "DCMJS", "LISTENER", new object[]
        {
            new { type = "N-EVENT-REPORT", sopClass = StorageCommitment, sopInstance = StorageCommitmentInstance, typeId = 2, dataset = DcmjsDimseTests.CommitmentReport(true), scpRole = true },
        }, temp).Where(l => l.ContainsKey("status")).ToList();

        Assert.Equal(0, (int)Assert.Single(responses)["status"]!);
        await listen.WaitForOutputAsync("\"eventTypeId\":2", TimeSpan.FromSeconds(5));
        var line = Assert.Single(DcmjsPeer.ParseLines(listen.Output));
        Assert.Equal("DCMJS", (string)line["callingAE"]!);
        Assert.Equal("LISTENER", (string)line["calledAE"]!);
        Assert.Equal(StorageCommitment, (string)line["sopClassUid"]!);
        Assert.Equal(StorageCommitmentInstance, (string)line["sopInstanceUid"]!);
        Assert.Equal("Storage Commitment Request Complete - Failures Exist", (string)line["eventTypeName"]!);
        // The Event Information in DICOM JSON: Transaction UID, both sequences, the failure reason as a number.
        var information = line["eventInformation"]!.AsObject();
        Assert.Equal("1.2.826.0.1.3680043.2.1125.77", (string)information["00081195"]!["Value"]![0]!);
        Assert.Equal("1.2.3.2", (string)information["00081199"]!["Value"]![1]!["00081155"]!["Value"]![0]!);
        var failed = information["00081198"]!["Value"]![0]!;
        Assert.Equal("1.2.3.9", (string)failed["00081155"]!["Value"]![0]!);
        Assert.Equal(0x0112, (int)failed["00081197"]!["Value"]![0]!);

        Assert.Equal(0, await listen.TerminateAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("Stopping: answering what is in flight.", listen.Output);
    }

    [Fact]
    public async Task Report_FromDicomJson_ReachesListen_WhichPrintsItInDcmdumpsLayout()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        using var listen = DicomEventsTool.Start("listen", $"LISTENER@127.0.0.1:{port}");
        await listen.WaitForOutputAsync("Listening as LISTENER", TimeSpan.FromSeconds(30));
        var info = temp.File("info.json");
        File.WriteAllText(info, """
            { "00081195": { "vr": "UI", "Value": ["1.2.3.77"] },
              "00081199": { "vr": "SQ", "Value": [ { "00081150": { "vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.2"] },
                                                     "00081155": { "vr": "UI", "Value": ["1.2.3.77.1"] } } ] } }
            """);

        var report = DicomEventsTool.Run("report", $"LISTENER@127.0.0.1:{port}", "--sop-class", "StorageCommitmentPushModel", "--event-type", "1", "--info", info);

        Assert.True(report.ExitCode == 0, report.StandardOutput + report.StandardError);
        Assert.Contains("event type 1 to LISTENER@127.0.0.1:", report.StandardOutput);
        Assert.EndsWith("Success (0x0000)", report.StandardOutput.TrimEnd());
        await listen.WaitForOutputAsync("(0008,1155)", TimeSpan.FromSeconds(5));
        Assert.Contains("N-EVENT-REPORT from DICOM-EVENTS at 127.0.0.1:", listen.Output);
        Assert.Contains("  StorageCommitmentPushModelSOPClass, event type 1 (Storage Commitment Request Successful), instance 1.2.840.10008.1.20.1.1", listen.Output);
        Assert.Matches(@"\n  \(0008,1195\) UI \[1\.2\.3\.77\] +#   8, 1 TransactionUID", listen.Output);
        Assert.Matches(@"\n      \(0008,1155\) UI \[1\.2\.3\.77\.1\] +#  10, 1 ReferencedSOPInstanceUID", listen.Output);
    }

    [Fact]
    public async Task Report_OfAnEventTypeTheClassLacks_IsWarnedAbout_AndTheListenerAnswers0113_Exit1()
    {
        var port = LocalPorts.Free();
        using var listen = DicomEventsTool.Start("listen", $"LISTENER@127.0.0.1:{port}");
        await listen.WaitForOutputAsync("Listening as LISTENER", TimeSpan.FromSeconds(30));

        var report = DicomEventsTool.Run("report", $"LISTENER@127.0.0.1:{port}", "--sop-class", "1.2.840.10008.1.20.1", "--event-type", "9");

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("warning: PS3.4 defines no event type 9 for StorageCommitmentPushModel", report.StandardError);
        Assert.Contains("Failure 0x0113: no event type 9 in StorageCommitmentPushModel", report.StandardOutput);
    }

    [Fact]
    public void Report_WithInformationThatIsNotDicomJson_Exits64()
    {
        using var temp = new TempDirectory();
        var info = temp.File("info.json");
        File.WriteAllText(info, """{ "00081195": { "vr": "UI", "Value": 5 } }""");

        var report = DicomEventsTool.Run("report", "X@127.0.0.1:104", "--sop-class", "StorageCommitmentPushModel", "--event-type", "1", "--info", info);

        Assert.Equal(64, report.ExitCode);
        Assert.Contains($"--info {info} is not DICOM JSON", report.StandardError);
    }
}
