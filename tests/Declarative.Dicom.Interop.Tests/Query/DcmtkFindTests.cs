using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Query;

/// <summary>DCMTK findscu against a declarative [CFind] SCP: matches, projection, C-CANCEL and refusals as findscu sees them.</summary>
public class DcmtkFindTests
{
    private static readonly DicomDataset[] Items =
    [
        WorklistScp.Item(1, "Doe^Jane", "CT", "20261201", "083000"),
        WorklistScp.Item(2, "Doe^John", "MR", "20261201", "093000"),
        WorklistScp.Item(3, "Dole^Ann", "CT", "20261202", "110000"),
        WorklistScp.Item(4, "Roe^Richard", "CT", "20261203", "140000", station: "CT02"),
    ];

    [Fact]
    public async Task FindscuWorklist_GetsTheMatchesProjectedOntoItsKeys()
    {
        using var temp = new TempDirectory();
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, new WorklistScp(Items)).Start();

        var result = ExternalTool.Run("findscu", "-v", "-W", "-X", "-od", temp.Path, "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(),
            "-k", "PatientName=Do*", "-k", "PatientID", "-k", "AccessionNumber",
            "-k", "(0040,0100)[0].Modality=CT", "-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201-20261202",
            "-k", "(0040,0100)[0].ScheduledStationAETitle");

        result.EnsureSuccess("findscu");
        var responses = Directory.GetFiles(temp.Path, "rsp*.dcm").Order().Select(f => DicomFile.Open(f).Dataset).ToList();
        Assert.Equal(["ACC1", "ACC3"], responses.Select(r => r.GetString(DicomTag.AccessionNumber)));
        var first = responses[0];
        // Exactly the keys asked for, plus the match's character set: no Patient's Birth Date, no Requested Procedure ID.
        Assert.Equal([DicomTag.SpecificCharacterSet, DicomTag.AccessionNumber, DicomTag.PatientName, DicomTag.PatientID, DicomTag.ScheduledProcedureStepSequence],
            first.Select(a => a.Tag));
        Assert.Equal("ISO_IR 100", first.GetString(DicomTag.SpecificCharacterSet));
        var step = first.GetSequence(DicomTag.ScheduledProcedureStepSequence)[0];
        Assert.Equal([DicomTag.Modality, DicomTag.ScheduledStationAETitle, DicomTag.ScheduledProcedureStepStartDate], step.Select(a => a.Tag));
        Assert.Equal("CT01", step.GetString(DicomTag.ScheduledStationAETitle));
        Assert.Contains("Received Final Find Response (Success)", result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task FindscuCancel_EndsTheStreamWithCancel_AndTheHandlerSeesItsToken()
    {
        using var temp = new TempDirectory();
        var many = Enumerable.Range(1, 10_000).Select(n => WorklistScp.Item(n, $"Many^{n}", "CT", "20261201", "080000")).ToArray();
        var scp = new WorklistScp(many);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, scp).Start();

        var result = ExternalTool.Run("findscu", "-v", "-W", "--cancel", "3", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(),
            "-k", "PatientName", "-k", "(0040,0100)[0].Modality=CT");

        result.EnsureSuccess("findscu");
        var output = result.StandardError + result.StandardOutput;
        Assert.True(output.Contains("Sending Cancel Request") && output.Contains("Received Final Find Response (Cancel: MatchingTerminatedDueToCancelRequest)"), output);
        // Shortly after the cancel: a few more matches may have been on their way, not the rest of the 10,000.
        var pending = output.Split('\n').Count(line => line.Contains("(Pending)"));
        Assert.InRange(pending, 3, 1_000);
        var produced = await scp.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(produced, 3, 9_999);
    }

    [Fact]
    public async Task AKeyTheScpDoesNotSupport_IsIgnoredAndReturnedEmpty_AndTheMatchesComeWithFF01()
    {
        using var temp = new TempDirectory();
        var scp = new WorklistScp(Items) { Unsupported = DicomTag.PatientID };
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, scp).Start();

        var result = ExternalTool.Run("findscu", "-v", "-W", "-X", "-od", temp.Path, "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(),
            "-k", "PatientName=Doe^Jane", "-k", "PatientID=NOT-MATCHING-ANYTHING");

        result.EnsureSuccess("findscu");
        var output = result.StandardError + result.StandardOutput;
        Assert.True(output.Contains("Received Find Response 1 (Pending: WarningUnsupportedOptionalKeys)"), output);
        var match = DicomFile.Open(Assert.Single(Directory.GetFiles(temp.Path, "rsp*.dcm"))).Dataset;
        Assert.Equal("Doe^Jane", match.GetString(DicomTag.PatientName));
        Assert.Equal(0, match.GetValueCount(DicomTag.PatientID));
    }

    [Fact]
    public async Task AHandlerFailingMidStream_EndsTheQueryWithUnableToProcess_AfterTheMatchesItProduced()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, new WorklistScp(Items) { ThrowAfter = 2 }).Start();

        var result = ExternalTool.Run("findscu", "-v", "-W", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(), "-k", "PatientName", "-k", "AccessionNumber");

        var output = result.StandardError + result.StandardOutput;
        Assert.Equal(2, output.Split('\n').Count(line => line.Contains("(Pending)")));
        Assert.True(output.Contains("Received Final Find Response (Failed: UnableToProcess)"), output);
    }

    [Fact]
    public async Task AHandlerThrowingAStatus_EndsTheQueryWithIt_AndItsComment()
    {
        var scp = new WorklistScp(Items) { ThrowAfter = 1, Failure = () => new DimseStatusException(DimseStatus.OutOfResources, "worklist over its limit") };
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, scp).Start();

        var result = ExternalTool.Run("findscu", "-v", "-d", "-W", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(), "-k", "PatientName", "-k", "AccessionNumber");

        var output = result.StandardError + result.StandardOutput;
        // With -d findscu prints each response's status and Status Detail: one match, then the handler's status and comment.
        Assert.True(output.Split('\n').Count(line => line.Contains("DIMSE Status                  : 0xff00")) == 1, output);
        Assert.Contains("DIMSE Status                  : 0xa700: Refused: Out of resources", output);
        Assert.Contains("(0000,0902) LO [worklist over its limit ]", output);
    }

    [Fact]
    public async Task FindscuPatientRoot_WithoutALevel_IsRefusedWithA900_AndWithOneGetsItsMatches()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, new WorklistScp(Items)).Start();

        var refused = ExternalTool.Run("findscu", "-v", "-P", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(), "-k", "PatientID=PID2");
        var found = ExternalTool.Run("findscu", "-v", "-P", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(),
            "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=PID2", "-k", "PatientName");

        var refusal = refused.StandardError + refused.StandardOutput;
        Assert.True(refusal.Contains("Received Final Find Response (Error: DataSetDoesNotMatchSOPClass)"), refusal);
        var output = found.StandardError + found.StandardOutput;
        Assert.Contains("Doe^John", output);
        Assert.DoesNotContain("Doe^Jane", output);
        Assert.Contains("Received Final Find Response (Success)", output);
    }
}
