using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.Services;

/// <summary>Generated dispatch for every handler attribute kind, through the test host: what the peer receives.</summary>
public partial class EveryServiceDispatchTests
{
    public partial class ForgetfulFilmSessionScp
    {
        [NCreate(SopClass.BasicFilmSession)]
        public DimseStatus OnCreate(NCreateRequest request) => DimseStatus.Success;
    }

    [Fact]
    public async Task NCreateLeftToUs_AnsweredWithoutAnInstanceUid_IsLoggedAsAnError()
    {
        var log = new CollectingLogger();

        var response = await new DicomTestHost(new ForgetfulFilmSessionScp(), log).SendAsync(new NCreateRequest(SopClass.BasicFilmSession));

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Null(response.Command!.AffectedSopInstanceUid);
        Assert.True(log.Has(Microsoft.Extensions.Logging.LogLevel.Error, "the handler answered Success without one"));
    }

    private const string Mpps = "1.2.826.0.1.3680043.2.1125.5";
    private readonly EveryServiceHandlers _handlers = new();
    private readonly DicomTestHost _host;

    public EveryServiceDispatchTests() => _host = new DicomTestHost(_handlers);

    private static DicomDataset Instance(string sopClass, string uid) =>
        new DicomDataset().Set(DicomTag.SOPClassUID, sopClass).Set(DicomTag.SOPInstanceUID, uid).Set(DicomTag.PatientID, "P1");

    [Fact]
    public async Task CEcho_AnswersWhatTheHandlerReturns()
    {
        var response = await _host.SendAsync(new CEchoRequest());

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(DimseCommandField.CEchoResponse, response.Command!.CommandField);
    }

    [Fact]
    public async Task CStore_NamedClassGoesToItsHandler_OtherStorageClassesToTheCatchAll()
    {
        await _host.SendAsync(new CStoreRequest(Instance(SopClass.CTImageStorage, "1.2.3.1")));
        await _host.SendAsync(new CStoreRequest(Instance(SopClass.MRImageStorage, "1.2.3.2")));

        Assert.Equal(["ct 1.2.3.1 P1", $"any {SopClass.MRImageStorage} (MRImageStorage)"], _handlers.Calls);
    }

    [Fact]
    public async Task CStore_ForANonStorageClass_IsNotAccepted()
    {
        // The catch-all negotiates storage SOP classes only: a Modality Worklist context is rejected.
        await Assert.ThrowsAsync<DicomAssociationException>(() =>
            _host.SendAsync(new CStoreRequest(Instance(SopClass.FINDModalityWorklistInformationModel, "1.2.3.3"))));
    }

    [Fact]
    public async Task NAction_GetsItsTypedActionInformation_AndAnUnhandledActionType0123()
    {
        var information = new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3.9").SetSequence(DicomTag.ReferencedSOPSequence,
            new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.1"));

        var handled = await _host.SendAsync(new NActionRequest(SopClass.StorageCommitmentPushModel, WellKnownSopInstance.StorageCommitmentPushModel, 1, information));
        var unhandled = await _host.SendAsync(new NActionRequest(SopClass.StorageCommitmentPushModel, WellKnownSopInstance.StorageCommitmentPushModel, 2, information));

        Assert.Equal(DimseStatus.Success, handled.Status);
        Assert.Equal((ushort)1, handled.Command!.ActionTypeId);
        Assert.Equal($"commit 1.2.3.9 1 on {WellKnownSopInstance.StorageCommitmentPushModel}", Assert.Single(_handlers.Calls));
        Assert.Equal(DimseStatus.NoSuchAction, unhandled.Status);
    }

    [Fact]
    public async Task NAction_WithoutAType1Attribute_IsRefusedBeforeTheHandler()
    {
        var response = await _host.SendAsync(new NActionRequest(SopClass.StorageCommitmentPushModel, WellKnownSopInstance.StorageCommitmentPushModel, 1,
            new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3.9")));

        Assert.Equal(DimseStatus.InvalidArgumentValue, response.Status);
        Assert.Empty(_handlers.Calls);
    }

    /// <summary>An N-CREATE with every Type 1 attribute of PS3.4 Table F.7.2-1, built with the typed builder.</summary>
    internal static PerformedProcedureStepCreate Step(string state = "IN PROGRESS") =>
        PerformedProcedureStepCreate.Create(
            [PerformedProcedureStepCreate.ScheduledStepAttributesSequenceItem.Create("1.2.826.0.1.3680043.2.1125.1")],
            performedProcedureStepID: "PPS-1", performedStationAETitle: "CT01",
            performedProcedureStepStartDate: new DateOnly(2026, 11, 28), performedProcedureStepStartTime: new TimeOnly(10, 15),
            performedProcedureStepStatus: state, modality: "CT", patientID: "P1");

    [Fact]
    public async Task NCreate_WithoutInstanceUid_AnswersTheUidTheHandlerAssigned()
    {
        var response = await _host.SendAsync(Step().ToRequest());

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal("1.2.826.0.1.3680043.2.1125.7", response.Command!.AffectedSopInstanceUid);
        Assert.Equal("create IN PROGRESS", Assert.Single(_handlers.Calls));
    }

    [Fact]
    public async Task NCreate_WithoutAType1Attribute_Answers0120_AndWithAnEmptyOne0121_WithoutCallingTheHandler()
    {
        var absent = Step().Dataset;
        absent.Remove(DicomTag.Modality);
        var empty = Step().Dataset.Set(DicomTag.PerformedStationAETitle, string.Empty);

        var absentResponse = await _host.SendAsync(new NCreateRequest(SopClass.ModalityPerformedProcedureStep, Mpps, absent));
        var emptyResponse = await _host.SendAsync(new NCreateRequest(SopClass.ModalityPerformedProcedureStep, Mpps, empty));

        Assert.Equal(DimseStatus.MissingAttribute, absentResponse.Status);
        Assert.Equal("missing Type 1 (0008,0060) Modality", absentResponse.ErrorComment);
        Assert.Equal(DimseStatus.MissingAttributeValue, emptyResponse.Status);
        Assert.Empty(_handlers.Calls);
    }

    [Fact]
    public async Task NSet_OfAnAttributeNSetMayNotChange_Answers0105ListingIt_WithoutCallingTheHandler()
    {
        var changes = PerformedProcedureStepSet.Create(performedProcedureStepStatus: "COMPLETED").Dataset
            .Set(DicomTag.PatientName, "Doe^John").Set(DicomTag.Modality, "MR");

        var response = await _host.SendAsync(new NSetRequest(SopClass.ModalityPerformedProcedureStep, Mpps, changes));

        Assert.Equal(DimseStatus.NoSuchAttribute, response.Status);
        Assert.Equal([DicomTag.Modality, DicomTag.PatientName], response.AttributeIdentifierList!.OrderBy(t => t.Group).ThenBy(t => t.Element));
        Assert.Empty(_handlers.Calls);
    }

    [Fact]
    public async Task NSet_And_NGet_SendTheAttributeListTheHandlerReturned()
    {
        var set = await _host.SendAsync(new NSetRequest(SopClass.ModalityPerformedProcedureStep, Mpps,
            new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, "COMPLETED")));
        var get = await _host.SendAsync(new NGetRequest(SopClass.ModalityPerformedProcedureStepRetrieve, Mpps, [DicomTag.PerformedProcedureStepStatus]));

        Assert.Equal("COMPLETED", set.Dataset!.GetString(DicomTag.PerformedProcedureStepStatus));
        Assert.Equal("IN PROGRESS", get.Dataset!.GetString(DicomTag.PerformedProcedureStepStatus));
    }

    [Fact]
    public async Task NDelete_TakesTheBaseRequestType()
    {
        var response = await _host.SendAsync(new NDeleteRequest(SopClass.ModalityPerformedProcedureStep, Mpps));

        Assert.Equal(DimseStatus.NoSuchSopInstance, response.Status);
    }

    [Fact]
    public async Task OneSopClass_ServedInBothRoles_NegotiatesBoth()
    {
        var policy = Assert.Single(((IDicomServiceHandler)_handlers).PresentationContexts, p => p.AbstractSyntax == SopClass.StorageCommitmentPushModel);
        var report = await _host.SendAsync(new NEventReportRequest(SopClass.StorageCommitmentPushModel, WellKnownSopInstance.StorageCommitmentPushModel, 1,
            new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3.9").SetSequence(DicomTag.ReferencedSOPSequence,
                new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.1"))));

        Assert.True(policy.RequestorMayBeScu);
        Assert.True(policy.RequestorMayBeScp);
        Assert.Equal(DimseStatus.Success, report.Status);
        Assert.Equal("committed 1.2.3.9", Assert.Single(_handlers.Calls));
    }

    /// <summary>Grouped by service in a fixed order, then as declared: positions are not part of the generator's model, so typing above a handler does not re-emit.</summary>
    [Fact]
    public void HandledOperations_ListEveryBinding()
    {
        var operations = EveryServiceHandlers.HandledOperations.Select(o => $"{o.Service} {o.SopClassUid} {o.TypeId} {o.Method}").ToList();

        Assert.Equal(
        [
            $"NEventReport {SopClass.StorageCommitmentPushModel} 1 OnCommitted",
            $"NAction {SopClass.StorageCommitmentPushModel} 1 OnCommitRequest",
            $"NCreate {SopClass.ModalityPerformedProcedureStep} 0 OnCreate",
            $"NSet {SopClass.ModalityPerformedProcedureStep} 0 OnSet",
            $"NGet {SopClass.ModalityPerformedProcedureStepRetrieve} 0 OnGet",
            $"NDelete {SopClass.ModalityPerformedProcedureStep} 0 OnDelete",
            "CEcho 1.2.840.10008.1.1 0 OnEcho",
            $"CStore {SopClass.CTImageStorage} 0 OnCt",
            "CStore  0 OnAnyImage",
        ], operations);
    }
}
