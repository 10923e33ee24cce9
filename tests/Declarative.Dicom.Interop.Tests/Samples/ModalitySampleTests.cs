using System.Text.Json.Nodes;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Orthanc;

namespace Declarative.Dicom.Interop.Tests.Samples;

/// <summary>
/// The acquisition modality of IHE Scheduled Workflow, run as a user runs it: against the embedded department, and against
/// Orthanc as worklist (its plugin), archive and storage-commitment SCP, with the embedded MPPS SCP.
/// </summary>
public class ModalitySampleTests(OrthancFixture orthanc) : IClassFixture<OrthancFixture>
{
    [Fact]
    public void WithoutArguments_TheWholeScheduledWorkflowCompletes_AndExits0()
    {
        var result = SampleRunner.Run("Modality");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var output = result.StandardOutput;
        Assert.Contains("2 step(s) scheduled today for CT01", output);
        Assert.Contains("N-CREATE IN PROGRESS → status 0x0000", output);
        Assert.Contains("N-SET COMPLETED → status 0x0000", output);
        Assert.Contains("committed: 3", output);
        Assert.Contains("Scheduled workflow complete: Doe^Jane", output);
    }

    [Fact]
    public async Task AgainstOrthanc_WorklistStorageAndCommitment_WithOurMpps_Completes()
    {
        // Today's step for the modality Orthanc knows (OURSCU), in Orthanc's worklist folder.
        var item = Query.WorklistScp.Item(7, "Orthanc^Olivia", "CT", DateTime.Today.ToString("yyyyMMdd"), "090000", station: OrthancFixture.ModalityAETitle);
        await using (var file = File.Create(Path.Combine(orthanc.WorklistFolder, "today.wl")))
        {
            using var dataset = new MemoryStream(item.Encode(DicomTransferSyntax.ExplicitVRLittleEndian));
            await DicomFile.WriteAsync(file, SopClass.FINDModalityWorklistInformationModel, "2.25.7007", DicomTransferSyntax.ExplicitVRLittleEndian, dataset);
        }

        var peer = $"{OrthancFixture.OrthancAETitle}@127.0.0.1:{orthanc.DicomPort}";
        var result = SampleRunner.Run("Modality", "--ris", peer, "--pacs", peer, "--station", OrthancFixture.ModalityAETitle,
            "--listen", $"{OrthancFixture.ModalityAETitle}@127.0.0.1:{orthanc.ModalityPort}", "--images", "2");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError + "\n" + orthanc.Log);
        Assert.Contains("Worklist: Orthanc^Olivia (PID7), accession ACC7", result.StandardOutput);
        Assert.Contains("Storage commitment report from ORTHANC", result.StandardOutput);
        Assert.Contains("committed: 2", result.StandardOutput);
        // Orthanc holds the two images, under the worklist's patient.
        var patients = (JsonArray)(await orthanc.GetAsync("patients?expand"))!;
        Assert.Contains(patients, p => p!["MainDicomTags"]!["PatientID"]!.GetValue<string>() == "PID7");
    }
}
