using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Query;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`dicom-events find` against DCMTK's wlmscpfs and against our own [CFind] SCP.</summary>
public class ToolFindTests
{
    [Fact]
    public async Task Find_AgainstWlmscpfs_PrintsEachMatchAsDicomJson()
    {
        using var temp = new TempDirectory();
        var (wlm, port) = await Wlmscpfs.StartAsync(temp.Path, WorklistScp.ThreeItems());
        using (wlm)
        {
            var find = DicomEventsTool.Run("find", $"{Wlmscpfs.AETitle}@127.0.0.1:{port}", "-W", "--json",
                "-k", "PatientName=Do*", "-k", "AccessionNumber", "-k", "(0040,0100)[0].Modality=CT");

            find.EnsureSuccess("dicom-events find");
            var matches = find.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(DicomJsonReader.Read).ToList();
            Assert.Equal(["ACC1", "ACC3"], matches.Select(m => m.GetString(DicomTag.AccessionNumber)).Order());
            Assert.Equal("CT", matches[0].GetSequence(DicomTag.ScheduledProcedureStepSequence)[0].GetString(DicomTag.Modality));
            Assert.Contains("C-FIND: 2 match(es)", find.StandardError);
        }
    }

    [Fact]
    public async Task FindCancelAfter_StopsTheQuery_AndExitsZero()
    {
        var scp = new WorklistScp(Enumerable.Range(1, 10_000).Select(n => WorklistScp.Item(n, $"Many^{n}", "CT", "20261201", "080000")).ToArray());
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, scp).Start();

        var find = DicomEventsTool.Run("find", $"OURSCP@127.0.0.1:{server.Port}", "-k", "PatientName", "--cancel-after", "2");

        find.EnsureSuccess("dicom-events find");
        Assert.Equal(2, find.StandardOutput.Split('\n').Count(line => line.StartsWith("# Match ", StringComparison.Ordinal)));
        Assert.Contains("(0010,0010) PN [Many^1]", find.StandardOutput);
        Assert.Contains("C-FIND: cancelled after 2 match(es)", find.StandardError);
        Assert.InRange(await scp.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)), 2, 9_999);
    }

    [Fact]
    public void Find_WithAKeyThatIsNoKeyword_IsAUsageError()
    {
        var find = DicomEventsTool.Run("find", "ANY@127.0.0.1:104", "-k", "PatientNom=Doe");

        Assert.Equal(64, find.ExitCode);
        Assert.Contains("'PatientNom' is neither a keyword of the data dictionary nor a tag", find.StandardError);
    }
}
