using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Orthanc;

namespace Declarative.Dicom.Interop.Tests.Samples;

/// <summary>The README's main job, run as a user runs it: the sample program, its output and its exit code.</summary>
public class StorageCommitmentSampleTests : IClassFixture<OrthancFixture>
{
    private readonly OrthancFixture _orthanc;

    public StorageCommitmentSampleTests(OrthancFixture orthanc) => _orthanc = orthanc;

    private static ExternalTool.Result RunSample(params string[] arguments) => SampleRunner.Run("StorageCommitment", arguments);

    [Fact]
    public void WithoutArguments_TheEmbeddedRoundTripPrintsTheSummary_AndExits0()
    {
        var result = RunSample();

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("Storage commitment report from COMMITSCP", result.StandardOutput);
        Assert.Contains("committed: 3", result.StandardOutput);
        Assert.Contains("failed: 1", result.StandardOutput);
        Assert.Contains("no such object instance", result.StandardOutput);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--peer", "ORTHANC@127.0.0.1:4242")]
    [InlineData("--listen", "NOT-AN-ENDPOINT")]
    public void BadArguments_PrintUsage_AndExit64(params string[] arguments)
    {
        var result = RunSample(arguments);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("Usage:", result.StandardError);
    }

    [Fact]
    public void AgainstOrthanc_PrintsTheReportOrthancSent_AndExits0()
    {
        using var temp = new TempDirectory();
        var instance = global::Declarative.Dicom.Data.DicomUid.Generate();
        Dcmtk.DcmtkNetworkTests.WriteCtFile(temp.File("ct.dcm"), instance);

        var result = RunSample("--peer", $"{OrthancFixture.OrthancAETitle}@127.0.0.1:{_orthanc.DicomPort}",
            "--listen", $"{OrthancFixture.ModalityAETitle}@127.0.0.1:{_orthanc.ModalityPort}", "--store", temp.File("ct.dcm"), "--timeout", "30");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains($"Storage commitment report from {OrthancFixture.OrthancAETitle}", result.StandardOutput);
        Assert.Contains($"{instance}  (CTImageStorage)", result.StandardOutput);
        Assert.Contains("result: every instance is committed", result.StandardOutput);
    }

    /// <summary>The build writes the sample's conformance statement; docs/conformance shows it as built, so a change to either shows here.</summary>
    [Fact]
    public void Build_WritesTheConformanceStatement_ThatDocsShow()
    {
        foreach (var extension in new[] { "md", "json" })
        {
            var built = SampleRunner.BuildOutput("StorageCommitment", $"StorageCommitment.dicom-conformance.{extension}");
            var documented = Path.Combine(RepositoryPaths.Root, "docs", "conformance", $"StorageCommitment.dicom-conformance.{extension}");

            Assert.Equal(File.ReadAllText(documented), File.ReadAllText(built));
        }

        var markdown = File.ReadAllText(SampleRunner.BuildOutput("StorageCommitment", "StorageCommitment.dicom-conformance.md"));
        Assert.Contains("| StorageCommitmentPushModelSOPClass | 1.2.840.10008.1.20.1 | N-ACTION | SCP |", markdown);
        Assert.Contains("| StorageCommitmentPushModelSOPClass | 1.2.840.10008.1.20.1 | N-EVENT-REPORT | SCU |", markdown);
        Assert.Contains("| 2 | Storage Commitment Request Complete - Failures Exist | `OnFailures` |", markdown);
    }
}
