using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Dcmtk;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Orthanc;

/// <summary>Storage commitment against a real Orthanc, in both roles, reports on new associations with role selection.</summary>
public class OrthancStorageCommitmentTests : IClassFixture<OrthancFixture>
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private const string StorageCommitmentInstance = "1.2.840.10008.1.20.1.1";
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private readonly OrthancFixture _orthanc;

    public OrthancStorageCommitmentTests(OrthancFixture orthanc) => _orthanc = orthanc;

    [Fact]
    public async Task OrthancAsCommitmentScp_ReportsOnANewAssociationToOurListener()
    {
        var reports = new TaskCompletionSource<NEventReportRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = new RecordingHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }], request =>
        {
            reports.TrySetResult(((NEventReportRequest)request).Keep());
            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = OrthancFixture.ModalityAETitle, Port = _orthanc.ModalityPort }, listener).Start();
        var instance = DicomUid.Generate();
        var unknown = DicomUid.Generate();
        var transaction = DicomUid.Generate();
        var dataset = CtDataset(instance);

        await using (var association = await DicomClient.ConnectAsync(
            new RemoteApplicationEntity(OrthancFixture.OrthancAETitle, "127.0.0.1", _orthanc.DicomPort),
            [new PresentationContextRequest(CtImageStorage), new PresentationContextRequest(StorageCommitment)],
            new DicomClientOptions { AETitle = OrthancFixture.ModalityAETitle }))
        {
            var store = await association.SendAsync(new CStoreRequest(dataset));
            Assert.Equal(DimseStatus.Success, store.Status);
            var action = await association.SendAsync(new NActionRequest(StorageCommitment, StorageCommitmentInstance, 1, CommitmentRequest(transaction, (CtImageStorage, instance), (CtImageStorage, unknown))));
            Assert.Equal(DimseStatus.Success, action.Status);
            await association.ReleaseAsync();
        }

        var report = await reports.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((ushort)2, report.EventTypeId);
        Assert.Equal(OrthancFixture.OrthancAETitle, report.Association!.CallingAETitle);
        Assert.True(report.PresentationContext!.RequestorIsScp, "Orthanc proposes the SCP role for the report it sends");
        var information = report.EventInformation!;
        Assert.Equal(transaction, information.GetString(DicomTag.TransactionUID));
        Assert.Equal(instance, information.GetSequence(DicomTag.ReferencedSOPSequence)[0].GetString(DicomTag.ReferencedSOPInstanceUID));
        var failed = Assert.Single(information.GetSequence(DicomTag.FailedSOPSequence).Items);
        Assert.Equal(unknown, failed.GetString(DicomTag.ReferencedSOPInstanceUID));
        Assert.Equal((ushort)0x0112, failed.GetValue<ushort>(DicomTag.FailureReason));
    }

    [Fact]
    public async Task OrthancAsCommitmentScu_GetsOurReportOnANewAssociation()
    {
        var actions = new TaskCompletionSource<NActionRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var scp = new RecordingHandler([new PresentationContextPolicy(StorageCommitment)], request =>
        {
            actions.TrySetResult(((NActionRequest)request).Keep());
            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = OrthancFixture.ModalityAETitle, Port = _orthanc.ModalityPort }, scp).Start();
        var committed = DicomUid.Generate();
        var missing = DicomUid.Generate();

        var job = await _orthanc.PostAsync("modalities/scu/storage-commitment", new
        {
            DicomInstances = new[] { new[] { CtImageStorage, committed }, new[] { CtImageStorage, missing } },
            Timeout = 30,
        });
        var action = await actions.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((ushort)1, action.ActionTypeId);
        var transaction = action.ActionInformation!.GetString(DicomTag.TransactionUID);

        // The report goes on a new association to Orthanc's configured port, proposing the SCP role.
        var result = new DicomDataset().Set(DicomTag.TransactionUID, transaction);
        result.SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, CtImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, committed));
        result.SetSequence(DicomTag.FailedSOPSequence, new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, CtImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, missing).Set<ushort>(DicomTag.FailureReason, 0x0112));
        await using (var association = await DicomClient.ConnectAsync(
            new RemoteApplicationEntity(OrthancFixture.OrthancAETitle, "127.0.0.1", _orthanc.DicomPort),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }],
            new DicomClientOptions { AETitle = OrthancFixture.ModalityAETitle }))
        {
            var response = await association.SendAsync(new NEventReportRequest(StorageCommitment, StorageCommitmentInstance, 2, result));
            Assert.Equal(DimseStatus.Success, response.Status);
            await association.ReleaseAsync();
        }

        var id = (string)job["ID"]!;
        var status = await _orthanc.GetAsync($"storage-commitment/{id}");
        for (var i = 0; i < 100 && (string?)status["Status"] == "Pending"; i++)
        {
            await Task.Delay(100);
            status = await _orthanc.GetAsync($"storage-commitment/{id}");
        }

        Assert.Equal("Failure", (string)status["Status"]!);
        Assert.Contains(committed, status["Success"]!.ToJsonString());
        var failure = Assert.Single(status["Failures"]!.AsArray());
        Assert.Equal(missing, (string)failure!["SOPInstanceUID"]!);
        Assert.Equal(0x0112, (int)failure["FailureReason"]!);
    }

    private static DicomDataset CommitmentRequest(string transaction, params (string SopClass, string SopInstance)[] instances) =>
        new DicomDataset()
            .Set(DicomTag.TransactionUID, transaction)
            .SetSequence(DicomTag.ReferencedSOPSequence, instances.Select(i => new DicomDataset()
                .Set(DicomTag.ReferencedSOPClassUID, i.SopClass)
                .Set(DicomTag.ReferencedSOPInstanceUID, i.SopInstance)).ToArray());

    private static DicomDataset CtDataset(string sopInstanceUid)
    {
        using var temp = new TempDirectory();
        var path = temp.File("ct.dcm");
        DcmtkNetworkTests.WriteCtFile(path, sopInstanceUid);
        return DicomFile.Parse(File.ReadAllBytes(path)).Dataset;
    }
}
