using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Orthanc;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Declarative;

/// <summary>Real peers send every event type of Storage Commitment, MPPS Notification and UPS to a generated handler class.</summary>
public class DeclarativeListenerTests : IClassFixture<OrthancFixture>
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private readonly OrthancFixture _orthanc;

    public DeclarativeListenerTests(OrthancFixture orthanc) => _orthanc = orthanc;

    private static object Code(string value, string meaning) => new Dictionary<string, object>
    {
        ["CodeValue"] = value,
        ["CodingSchemeDesignator"] = "DCM",
        ["CodeMeaning"] = meaning,
    };

    [Fact]
    public async Task DcmjsSendsEveryEventType_TheGeneratedDispatchAnswersEach()
    {
        using var temp = new TempDirectory();
        var listener = new ReportListener();
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "LISTENER", Port = 0 }, listener).Start();
        var commitment = new Dictionary<string, object>
        {
            ["TransactionUID"] = "1.2.3.55",
            ["ReferencedSOPSequence"] = new[] { new Dictionary<string, object> { ["ReferencedSOPClassUID"] = CtImageStorage, ["ReferencedSOPInstanceUID"] = "1.2.3.55.1" } },
        };
        var failures = new Dictionary<string, object>(commitment)
        {
            ["FailedSOPSequence"] = new[] { new Dictionary<string, object> { ["ReferencedSOPClassUID"] = CtImageStorage, ["ReferencedSOPInstanceUID"] = "1.2.3.55.2", ["FailureReason"] = 0x0119 } },
        };
        var requests = new List<object>
        {
            new { type = "N-EVENT-REPORT", sopClass = SopClass.StorageCommitmentPushModel, sopInstance = "1.2.840.10008.1.20.1.1", typeId = 1, dataset = commitment },
            new { type = "N-EVENT-REPORT", sopClass = SopClass.StorageCommitmentPushModel, sopInstance = "1.2.840.10008.1.20.1.1", typeId = 2, dataset = failures },
            new { type = "N-EVENT-REPORT", sopClass = SopClass.StorageCommitmentPushModel, sopInstance = "1.2.840.10008.1.20.1.1", typeId = 3, dataset = commitment },
            new { type = "N-EVENT-REPORT", sopClass = SopClass.StorageCommitmentPushModel, sopInstance = "1.2.840.10008.1.20.1.1", typeId = 1, dataset = new Dictionary<string, object> { ["RetrieveAETitle"] = "X" } },
        };
        for (ushort e = 1; e <= 5; e++)
        {
            requests.Add(new { type = "N-EVENT-REPORT", sopClass = SopClass.ModalityPerformedProcedureStepNotification, sopInstance = "1.2.3.66", typeId = (int)e });
        }

        var ups = new Dictionary<int, object>
        {
            [1] = new Dictionary<string, object> { ["ProcedureStepState"] = "IN PROGRESS", ["InputReadinessState"] = "READY" },
            [2] = new Dictionary<string, object> { ["RequestingAE"] = "OPERATOR" },
            [3] = new Dictionary<string, object> { ["ProcedureStepProgressInformationSequence"] = new[] { new Dictionary<string, object> { ["ProcedureStepProgress"] = 42 } } },
            [4] = new Dictionary<string, object> { ["SCPStatus"] = "RESTARTED", ["SubscriptionListStatus"] = "COLD START", ["UnifiedProcedureStepListStatus"] = "WARM START" },
            [5] = new Dictionary<string, object> { ["HumanPerformerCodeSequence"] = new[] { Code("121001", "Operator") }, ["HumanPerformerOrganization"] = "Radiology" },
        };
        foreach (var (eventType, dataset) in ups)
        {
            requests.Add(new { type = "N-EVENT-REPORT", sopClass = SopClass.UnifiedProcedureStepEvent, sopInstance = "1.2.3.77", typeId = eventType, dataset });
        }

        var responses = DcmjsPeer.RunScu(server.Port, "DCMJS", "LISTENER", requests, temp).Where(l => l.ContainsKey("status")).ToList();

        Assert.Equal([0x0000, 0x0000, 0x0113, 0x0115, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], responses.Select(r => (int)r["status"]!));
        Assert.Equal(
            ["commitment 1 1.2.3.55 1", "commitment 2 1.2.3.55 0x0119", "mpps 1", "mpps 2", "mpps 3", "mpps 4", "mpps 5",
             "ups 1 IN PROGRESS", "ups 2 OPERATOR", "ups 3 42", "ups 4 RESTARTED", "ups 5 Operator Radiology"],
            listener.Received);
    }

    [Fact]
    public async Task OrthancsRealReport_ReachesTheGeneratedHandler_WhichReadsTheFailureReason()
    {
        var listener = new ReportListener();
        await using var server = new DicomServer(new DicomServerOptions { AETitle = OrthancFixture.ModalityAETitle, Port = _orthanc.ModalityPort }, listener).Start();
        var stored = DicomUid.Generate();
        var unknown = DicomUid.Generate();
        using (var temp = new TempDirectory())
        {
            Dcmtk.DcmtkNetworkTests.WriteCtFile(temp.File("ct.dcm"), stored);
            ExternalTool.Run("storescu", "-aet", OrthancFixture.ModalityAETitle, "-aec", OrthancFixture.OrthancAETitle, "127.0.0.1", _orthanc.DicomPort.ToString(), temp.File("ct.dcm")).EnsureSuccess("storescu");
        }

        await using (var association = await DicomClient.ConnectAsync(
            new RemoteApplicationEntity(OrthancFixture.OrthancAETitle, "127.0.0.1", _orthanc.DicomPort),
            [new PresentationContextRequest(SopClass.StorageCommitmentPushModel)],
            new DicomClientOptions { AETitle = OrthancFixture.ModalityAETitle }))
        {
            var request = new DicomDataset().Set(DicomTag.TransactionUID, DicomUid.Generate()).SetSequence(DicomTag.ReferencedSOPSequence,
                new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, CtImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, stored),
                new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, CtImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, unknown));
            var response = await association.SendAsync(new NActionRequest(SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", 1, request));
            Assert.Equal(DimseStatus.Success, response.Status);
            await association.ReleaseAsync();
        }

        var report = await listener.Failures.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((ushort)0x0112, report.FailedSOPSequence[0].FailureReason);
        Assert.Equal(unknown, report.FailedSOPSequence[0].ReferencedSOPInstanceUID);
        Assert.Equal(stored, report.ReferencedSOPSequence[0].ReferencedSOPInstanceUID);
    }
}
