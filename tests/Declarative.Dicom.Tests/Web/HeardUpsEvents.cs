using System.Collections.Concurrent;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// An application's UPS watcher, declared once: what each typed event says, in the order heard. The tests feed one instance
/// from an association and another from a UPS-RS notification connection and compare.
/// </summary>
public sealed partial class HeardUpsEvents
{
    private readonly ConcurrentQueue<string> _heard = new();

    public IReadOnlyList<string> Heard => [.. _heard];

    /// <summary>Completes when a State Report says COMPLETED or CANCELED.</summary>
    public TaskCompletionSource<string> Final { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ExpectAnotherFinal() => Final = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [EventReport(SopClass.UnifiedProcedureStepEvent, UpsStateReport.EventTypeId)]
    public DimseStatus OnState(UpsStateReport report, NEventReportRequest request)
    {
        _heard.Enqueue($"{request.SopInstanceUid} state {report.ProcedureStepState} input {report.InputReadinessState}");
        if (report.ProcedureStepState is "COMPLETED" or "CANCELED")
        {
            Final.TrySetResult(request.SopInstanceUid!);
        }

        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, UpsProgressReport.EventTypeId)]
    public DimseStatus OnProgress(UpsProgressReport report, NEventReportRequest request)
    {
        _heard.Enqueue($"{request.SopInstanceUid} progress {report.ProcedureStepProgressInformationSequence.FirstOrDefault()?.ProcedureStepProgress}");
        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, UpsCancelRequested.EventTypeId)]
    public DimseStatus OnCancelRequested(UpsCancelRequested report, NEventReportRequest request)
    {
        _heard.Enqueue($"{request.SopInstanceUid} cancel requested by '{report.RequestingAE}': {report.ReasonForCancellation}");
        return DimseStatus.Success;
    }
}
