using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Query;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Orthanc;

/// <summary>Our requestor against Orthanc as a worklist SCP (its Debian worklist plugin) and as a query/retrieve SCP.</summary>
public class OrthancQueryRetrieveTests(OrthancFixture orthanc) : IClassFixture<OrthancFixture>
{
    private RemoteApplicationEntity Orthanc => new(OrthancFixture.OrthancAETitle, "127.0.0.1", orthanc.DicomPort);

    [Fact]
    public async Task FindAsync_AgainstOrthancsWorklistPlugin_YieldsTheMatchingItems()
    {
        DicomDataset[] items =
        [
            WorklistScp.Item(1, "Doe^Jane", "CT", "20261201", "083000"),
            WorklistScp.Item(2, "Doe^John", "MR", "20261201", "093000"),
            WorklistScp.Item(3, "Dole^Ann", "CT", "20261202", "110000"),
        ];
        for (var i = 0; i < items.Length; i++)
        {
            await using var file = File.Create(Path.Combine(orthanc.WorklistFolder, $"item{i + 1}.wl"));
            using var dataset = new MemoryStream(items[i].Encode(DicomTransferSyntax.ExplicitVRLittleEndian));
            await DicomFile.WriteAsync(file, SopClass.FINDModalityWorklistInformationModel, $"2.25.9{i}", DicomTransferSyntax.ExplicitVRLittleEndian, dataset);
        }

        await using var association = await DicomClient.ConnectAsync(Orthanc, [new PresentationContextRequest(SopClass.FINDModalityWorklistInformationModel)],
            new DicomClientOptions { AETitle = OrthancFixture.ModalityAETitle });
        var query = new DicomDataset()
            .Set(DicomTag.PatientName, "Do*")
            .Set(DicomTag.AccessionNumber, Array.Empty<string>())
            .SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset().Set(DicomTag.Modality, "CT").Set(DicomTag.ScheduledStationAETitle, Array.Empty<string>()));

        var accessions = new List<string>();
        await foreach (var match in association.FindAsync(SopClass.FINDModalityWorklistInformationModel, query))
        {
            accessions.Add(match.GetString(DicomTag.AccessionNumber));
            Assert.Equal("CT01", match.GetSequence(DicomTag.ScheduledProcedureStepSequence)[0].GetString(DicomTag.ScheduledStationAETitle));
        }

        Assert.True(accessions.Order().SequenceEqual(["ACC1", "ACC3"]), $"{string.Join(", ", accessions)}\n{orthanc.Log}");
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task MoveAsync_FromOrthanc_IntoOurCStoreListener()
    {
        // Two instances of one study stored into Orthanc, then moved back to us: Orthanc opens the association to the
        // modality its configuration names (OURSCU at ModalityPort), where our [CStore] listener waits.
        var study = "2.25.77001";
        string[] instances = ["2.25.77011", "2.25.77012"];
        var store = new StoreListener();
        await using var listener = new DicomServer(new DicomServerOptions { AETitle = OrthancFixture.ModalityAETitle, Port = orthanc.ModalityPort }, store).Start();
        await using var association = await DicomClient.ConnectAsync(Orthanc,
            [new PresentationContextRequest(SopClass.CTImageStorage), new PresentationContextRequest(SopClass.MOVEStudyRootQueryRetrieveInformationModel),
             new PresentationContextRequest(SopClass.FINDStudyRootQueryRetrieveInformationModel)],
            new DicomClientOptions { AETitle = OrthancFixture.ModalityAETitle });
        foreach (var instance in instances)
        {
            var stored = await association.SendAsync(new CStoreRequest(SmallCtInstance.Create(instance, study, study + ".1", "Retrieve^Me", "ORTHANC-QR")));
            Assert.Equal(DimseStatus.Success, stored.Status);
        }

        var studies = new List<string>();
        await foreach (var match in association.FindAsync(SopClass.FINDStudyRootQueryRetrieveInformationModel,
            new DicomDataset().Set(DicomTag.QueryRetrieveLevel, "STUDY").Set(DicomTag.StudyInstanceUID, study)))
        {
            studies.Add(match.GetString(DicomTag.StudyInstanceUID));
        }

        var progress = new List<RetrieveProgress>();
        var result = await association.MoveAsync(
            new CMoveRequest(SopClass.MOVEStudyRootQueryRetrieveInformationModel,
                new DicomDataset().Set(DicomTag.QueryRetrieveLevel, "STUDY").Set(DicomTag.StudyInstanceUID, study), OrthancFixture.ModalityAETitle),
            new Progress<RetrieveProgress>(progress.Add));

        Assert.Equal([study], studies);
        Assert.True(result.Status == DimseStatus.Success, $"{result.Response}\n{orthanc.Log}");
        Assert.Equal(2, result.Counts.Completed);
        Assert.Equal(instances, store.Received.Order());
        await association.ReleaseAsync();
    }
}
