using System.Collections.Concurrent;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Interop.Tests.Declarative;

/// <summary>A listener written as a user would: the generator writes its dispatch; real peers send it reports.</summary>
public partial class ReportListener
{
    public ConcurrentQueue<string> Received { get; } = new();

    public TaskCompletionSource<StorageCommitmentFailuresExist> Failures { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report)
    {
        Received.Enqueue($"commitment 1 {report.TransactionUID} {report.ReferencedSOPSequence.Count}");
        return DimseStatus.Success;
    }

    [EventReport(SopClass.StorageCommitmentPushModel, 2)]
    public DimseStatus OnFailures(StorageCommitmentFailuresExist report)
    {
        Received.Enqueue($"commitment 2 {report.TransactionUID} 0x{report.FailedSOPSequence[0].FailureReason:X4}");
        Failures.TrySetResult(report.Keep());
        return DimseStatus.Success;
    }

    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 2)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 3)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 4)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 5)]
    public void OnProcedureStep(NEventReportRequest request) => Received.Enqueue($"mpps {request.EventTypeId}");

    [EventReport(SopClass.UnifiedProcedureStepEvent, 1)]
    public DimseStatus OnUpsState(UpsStateReport report)
    {
        Received.Enqueue($"ups 1 {report.ProcedureStepState}");
        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, 2)]
    public DimseStatus OnUpsCancel(UpsCancelRequested report)
    {
        Received.Enqueue($"ups 2 {report.RequestingAE}");
        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, 3)]
    public DimseStatus OnUpsProgress(UpsProgressReport report)
    {
        Received.Enqueue($"ups 3 {report.ProcedureStepProgressInformationSequence[0].ProcedureStepProgress}");
        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, 4)]
    public DimseStatus OnScpStatus(ScpStatusChange report)
    {
        Received.Enqueue($"ups 4 {report.SCPStatus}");
        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, 5)]
    public DimseStatus OnUpsAssigned(UpsAssigned report)
    {
        Received.Enqueue($"ups 5 {report.HumanPerformerCodeSequence[0].CodeMeaning} {report.HumanPerformerOrganization}");
        return DimseStatus.Success;
    }
}
