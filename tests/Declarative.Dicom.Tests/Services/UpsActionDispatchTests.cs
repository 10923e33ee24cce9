using Declarative.Dicom.Data;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.Services;

/// <summary>A UPS SCP's N-ACTIONs: every request names UPS Push, the context (Pull, Watch, Push) decides the handler (PS3.4 CC.2).</summary>
public partial class UpsActionDispatchTests
{
    public partial class UpsScp
    {
        public List<string> Calls { get; } = [];

        [NAction(SopClass.UnifiedProcedureStepPull, UpsChangeState.ActionTypeId)]
        public DimseStatus OnChangeState(UpsChangeState change)
        {
            Calls.Add($"change {change.ProcedureStepState} {change.TransactionUID}");
            return DimseStatus.Success;
        }

        [NAction(SopClass.UnifiedProcedureStepPush, UpsRequestCancel.ActionTypeId)]
        [NAction(SopClass.UnifiedProcedureStepWatch, UpsWatchRequestCancel.ActionTypeId)]
        public DimseStatus OnCancel(NActionRequest request)
        {
            Calls.Add($"cancel via {request.PresentationContext!.AbstractSyntax}");
            return DimseStatus.Success;
        }

        [NAction(SopClass.UnifiedProcedureStepWatch, UpsSubscribe.ActionTypeId)]
        public DimseStatus OnSubscribe(UpsSubscribe subscribe)
        {
            Calls.Add($"subscribe {subscribe.ReceivingAE} lock {subscribe.DeletionLock}");
            return DimseStatus.Success;
        }
    }

    private readonly UpsScp _scp = new();

    private Task<DimseResponse> Send(string context, ushort actionType, DicomDataset? information) =>
        new DicomTestHost(_scp).SendAsync(new NActionRequest(SopClass.UnifiedProcedureStepPush, "1.2.826.0.1.3680043.2.1125.9", actionType, information), context);

    [Fact]
    public async Task RequestsNamingUpsPush_GoToTheHandlerOfTheirContext()
    {
        var change = await Send(SopClass.UnifiedProcedureStepPull, 1, UpsChangeState.Create("IN PROGRESS", "1.2.3.4").Dataset);
        var subscribe = await Send(SopClass.UnifiedProcedureStepWatch, 3, UpsSubscribe.Create("RIS", "TRUE").Dataset);
        var cancelOnWatch = await Send(SopClass.UnifiedProcedureStepWatch, 2, null);
        var cancelOnPush = await Send(SopClass.UnifiedProcedureStepPush, 2, null);

        Assert.All([change, subscribe, cancelOnWatch, cancelOnPush], r => Assert.Equal(DimseStatus.Success, r.Status));
        Assert.Equal(
        [
            "change IN PROGRESS 1.2.3.4",
            "subscribe RIS lock TRUE",
            $"cancel via {SopClass.UnifiedProcedureStepWatch}",
            $"cancel via {SopClass.UnifiedProcedureStepPush}",
        ], _scp.Calls);
    }

    [Fact]
    public async Task AnActionTypeTheContextsClassHasNoHandlerFor_Answers0123()
    {
        // Change State (1) is a UPS Pull action: on a Watch context it has no handler.
        var response = await Send(SopClass.UnifiedProcedureStepWatch, 1, UpsChangeState.Create("IN PROGRESS", "1.2.3.4").Dataset);

        Assert.Equal(DimseStatus.NoSuchAction, response.Status);
        Assert.Empty(_scp.Calls);
    }

    [Fact]
    public async Task SubscribeWithoutItsType1ReceivingAE_Answers0115WithoutCallingTheHandler()
    {
        var response = await Send(SopClass.UnifiedProcedureStepWatch, 3, new DicomDataset().Set(DicomTag.DeletionLock, "FALSE"));

        Assert.Equal(DimseStatus.InvalidArgumentValue, response.Status);
        Assert.Equal("missing Type 1 (0074,1234) ReceivingAE", response.ErrorComment);
        Assert.Empty(_scp.Calls);
    }
}
