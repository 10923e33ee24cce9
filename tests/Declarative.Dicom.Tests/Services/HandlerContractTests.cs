using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Testing;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Tests.Services;

/// <summary>
/// Every row of the handler contract (pynetdicom's EVT_N_EVENT_REPORT, ../shared/seed, and what we add),
/// through generated dispatch and the test host: no sockets, but the same validation as on the wire.
/// </summary>
public class HandlerContractTests
{
    private const string Instance = "1.2.840.10008.1.20.1.1";
    private readonly ContractHandlers _handlers = new();
    private readonly CollectingLogger _log = new();
    private readonly DicomTestHost _host;

    public HandlerContractTests() => _host = new DicomTestHost(_handlers, _log);

    private static DicomDataset Committed(string transaction = "1.2.3.4") =>
        new DicomDataset().Set(DicomTag.TransactionUID, transaction).SetSequence(DicomTag.ReferencedSOPSequence,
            new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.4.1"));

    private static DicomDataset Failures(bool withReason = true)
    {
        var item = new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.4.9");
        if (withReason)
        {
            item.Set<ushort>(DicomTag.FailureReason, 0x0112);
        }

        return new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3.4").SetSequence(DicomTag.FailedSOPSequence, item);
    }

    private Task<DimseResponse> Report(ushort eventType, DicomDataset? information, string sopClass = SopClass.StorageCommitmentPushModel, string? context = null) =>
        _host.SendAsync(new NEventReportRequest(sopClass, Instance, eventType, information), context);

    [Fact]
    public async Task Success_IsSentAfterTheHandlerRan_WithTheTypedAccessor()
    {
        var response = await Report(1, Committed());

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(["committed 1.2.3.4 1"], _handlers.Calls);
        Assert.Equal((ushort)1, response.Command!.EventTypeId);
        Assert.Equal(Instance, response.Command.AffectedSopInstanceUid);
    }

    [Fact]
    public async Task HandlerThrows_Answers0110WithErrorComment_AndLogs()
    {
        _handlers.Behaviour = () => "not a status";

        var response = await Report(1, Committed());

        Assert.Equal(DimseStatus.ProcessingFailure, response.Status);
        Assert.Equal("InvalidOperationException: handler failed on purpose", response.ErrorComment);
        Assert.True(_log.Has(LogLevel.Error, "failed; answering 0x0110"));
    }

    [Fact]
    public async Task AsyncHandlerThrows_Answers0110()
    {
        _handlers.Behaviour = () => new TimeoutException("archive did not answer");

        var response = await Report(2, Failures());

        Assert.Equal(DimseStatus.ProcessingFailure, response.Status);
        Assert.Equal("TimeoutException: archive did not answer", response.ErrorComment);
    }

    [Fact]
    public async Task StatusDatasetWithoutStatus_AnswersC001()
    {
        _handlers.Behaviour = () => new DicomDataset().Set(DicomTag.ErrorComment, "forgot the status");

        var response = await Report(1, null, SopClass.ModalityPerformedProcedureStepNotification);

        Assert.Equal((ushort)0xC001, response.Status.Code);
        Assert.True(_log.Has(LogLevel.Warning, "has no Status (0000,0900)"));
    }

    [Fact]
    public async Task StatusDataset_CarriesStatusAndErrorFields()
    {
        _handlers.Behaviour = () => new DicomDataset()
            .Set<ushort>(DicomTag.Status, 0x0112)
            .Set(DicomTag.ErrorComment, "no such step")
            .Set<ushort>(DicomTag.ErrorID, 42);

        var response = await Report(2, null, SopClass.ModalityPerformedProcedureStepNotification);

        Assert.Equal(DimseStatus.NoSuchSopInstance, response.Status);
        Assert.Equal("no such step", response.ErrorComment);
        Assert.Equal((ushort)42, response.ErrorId);
        Assert.Equal(["mpps 2"], _handlers.Calls);
    }

    [Fact]
    public async Task UnknownStatusCode_IsSentAsIs_WithAWarning()
    {
        _handlers.Behaviour = () => (DimseStatus)0xA700;

        var response = await Report(1, Committed());

        Assert.Equal((ushort)0xA700, response.Status.Code);
        Assert.True(_log.Has(LogLevel.Warning, "status 0xA700 is not one the Storage Commitment Service Class allows for N-EVENT-REPORT-RQ"));
    }

    [Fact]
    public async Task ReplyWithFailure_IsDropped_WithAWarning()
    {
        _handlers.Behaviour = () => new EventReportResult(DimseStatus.NoSuchSopInstance, new DicomDataset().Set(DicomTag.TransactionUID, "1.2"));

        var response = await Report(2, Failures());

        Assert.Equal(DimseStatus.NoSuchSopInstance, response.Status);
        Assert.Null(response.Dataset);
        Assert.True(_log.Has(LogLevel.Warning, "only Success and Warning carry one"));
    }

    [Fact]
    public async Task ReplyWhereTheEventDefinesNone_IsDropped_WithAWarning()
    {
        _handlers.Behaviour = () => EventReportResult.Success(new DicomDataset().Set(DicomTag.TransactionUID, "1.2"));

        var response = await Report(2, Failures());

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Null(response.Dataset);
        Assert.True(_log.Has(LogLevel.Warning, "defines no reply"));
    }

    [Fact]
    public async Task EventTypeWithoutHandler_OfAHandledSopClass_Answers0113()
    {
        var response = await Report(3, Committed());

        Assert.Equal(DimseStatus.NoSuchEventType, response.Status);
        Assert.Empty(_handlers.Calls);
    }

    [Fact]
    public async Task SopClassNoHandlerDeclares_IsNotAcceptedAtNegotiation()
    {
        await Assert.ThrowsAsync<DicomAssociationException>(() => Report(1, null, SopClass.InstanceAvailabilityNotification));
    }

    [Fact]
    public async Task SopClassNoHandlerDeclares_OnAContextAcceptedForAnother_Answers0118()
    {
        var response = await Report(1, null, SopClass.InstanceAvailabilityNotification, context: SopClass.StorageCommitmentPushModel);

        Assert.Equal(DimseStatus.NoSuchSopClass, response.Status);
    }

    [Fact]
    public async Task MissingType1Attribute_HandlerNotCalled_Answers0115NamingIt()
    {
        var information = Committed();
        information.Remove(DicomTag.TransactionUID);

        var response = await Report(1, information);

        Assert.Equal(DimseStatus.InvalidArgumentValue, response.Status);
        Assert.Equal("missing Type 1 (0008,1195) TransactionUID", response.ErrorComment);
        Assert.Empty(_handlers.Calls);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x00, 0x00 })]
    [InlineData(new byte[] { 0x20, 0x20, 0x20, 0x00 })]
    public async Task Type1AttributePresentButEmptyOrOnlyPadding_IsMissing(byte[] value)
    {
        var information = Committed().SetBytes(DicomTag.TransactionUID, DicomVR.UI, value);

        var response = await Report(1, information);

        Assert.Equal(DimseStatus.InvalidArgumentValue, response.Status);
        Assert.Equal("missing Type 1 (0008,1195) TransactionUID", response.ErrorComment);
        Assert.Empty(_handlers.Calls);
    }

    [Fact]
    public async Task MissingType1AttributeInsideAnItem_IsFoundToo()
    {
        var response = await Report(2, Failures(withReason: false));

        Assert.Equal(DimseStatus.InvalidArgumentValue, response.Status);
        Assert.Equal("missing Type 1 (0008,1197) FailureReason", response.ErrorComment);
        Assert.True(_log.Has(LogLevel.Warning, "(0008,1198) FailedSOPSequence item 1 > (0008,1197) FailureReason"));
        Assert.Empty(_handlers.Calls);
    }

    [Fact]
    public async Task MissingEventInformation_WhenTheEventRequiresSome_Answers0115()
    {
        var response = await Report(1, null);

        Assert.Equal(DimseStatus.InvalidArgumentValue, response.Status);
    }

    [Fact]
    public async Task VoidHandler_CompletesWithSuccess()
    {
        var response = await Report(1, null, SopClass.Printer);

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(["printer normal"], _handlers.Calls);
    }

    [Fact]
    public async Task UpsEvent_WithUpsPushAsAffectedClass_ReachesTheHandler()
    {
        var information = new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.InputReadinessState, "READY");

        var response = await Report(1, information, SopClass.UnifiedProcedureStepPush, context: SopClass.UnifiedProcedureStepEvent);

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(["ups IN PROGRESS"], _handlers.Calls);
    }

    [Fact]
    public async Task GeneratedContexts_AskPeersToActAsScp()
    {
        var contexts = ((IDicomServiceHandler)_handlers).PresentationContexts;

        var commitment = Assert.Single(contexts, c => c.AbstractSyntax == SopClass.StorageCommitmentPushModel);
        Assert.True(commitment.RequestorMayBeScp);
        Assert.False(commitment.RequestorMayBeScu);
        Assert.Equal([SopClass.UnifiedProcedureStepPush], Assert.Single(contexts, c => c.AbstractSyntax == SopClass.UnifiedProcedureStepEvent).AlsoServes);
        Assert.Contains(ContractHandlers.HandledOperations, o => o.SopClassUid == SopClass.StorageCommitmentPushModel && o.TypeId == 2 && o.Method == "OnFailuresAsync");
    }
}
