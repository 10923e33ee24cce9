using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Dcmtk;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Orthanc;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`dicom-events commit` against a real Orthanc: store, request, the report on a new association to --listen.</summary>
public class ToolCommitTests : IClassFixture<OrthancFixture>
{
    private readonly OrthancFixture _orthanc;

    public ToolCommitTests(OrthancFixture orthanc) => _orthanc = orthanc;

    [Fact]
    public void Commit_StoresAndCommitsEveryInstance_AgainstOrthanc()
    {
        using var temp = new TempDirectory();
        var instances = new[] { DicomUid.Generate(), DicomUid.Generate() };
        var files = instances.Select((uid, i) => { var path = temp.File($"ct{i}.dcm"); DcmtkNetworkTests.WriteCtFile(path, uid); return path; }).ToArray();

        var commit = DicomEventsTool.Run(["commit", $"{OrthancFixture.OrthancAETitle}@127.0.0.1:{_orthanc.DicomPort}",
            "--listen", $"{OrthancFixture.ModalityAETitle}@127.0.0.1:{_orthanc.ModalityPort}", .. files]);

        Assert.True(commit.ExitCode == 0, commit.StandardOutput + commit.StandardError);
        Assert.Contains($"C-STORE 2/2 {instances[1]}: Success (0x0000)", commit.StandardOutput);
        Assert.Contains("N-ACTION commitment request, transaction ", commit.StandardOutput);
        Assert.Contains($"Report from {OrthancFixture.OrthancAETitle} after ", commit.StandardOutput);
        foreach (var uid in instances)
        {
            Assert.Contains($"  committed  {uid}", commit.StandardOutput);
        }

        Assert.Contains("All 2 instance(s) committed.", commit.StandardOutput);
    }

    [Fact]
    public void Commit_OfAnInstanceOrthancNeverReceived_ReportsItFailed_Exit1()
    {
        using var temp = new TempDirectory();
        var never = DicomUid.Generate();
        var path = temp.File("never-stored.dcm");
        DcmtkNetworkTests.WriteCtFile(path, never);

        var commit = DicomEventsTool.Run("commit", $"{OrthancFixture.OrthancAETitle}@127.0.0.1:{_orthanc.DicomPort}",
            "--listen", $"{OrthancFixture.ModalityAETitle}@127.0.0.1:{_orthanc.ModalityPort}", "--no-store", path);

        Assert.Equal(1, commit.ExitCode);
        Assert.DoesNotContain("C-STORE", commit.StandardOutput);
        Assert.Contains($"  FAILED     {never}: ", commit.StandardOutput);
        Assert.Contains("(0x0112)", commit.StandardOutput);
        Assert.Contains("0 of 1 instance(s) committed", commit.StandardOutput);
    }
}
