using Declarative.Dicom;

namespace UpsPerformerSample;

/// <summary>
/// The watcher: declarative handlers of the UPS events it subscribed to (PS3.4 CC.2.4). Reports name UPS Push and come on
/// a UPS Event context; the generated dispatch takes them there.
/// </summary>
public sealed partial class Watcher(TextWriter log)
{
    /// <summary>Completes when a State Report says COMPLETED or CANCELED.</summary>
    public TaskCompletionSource<string> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [EventReport(SopClass.UnifiedProcedureStepEvent, UpsStateReport.EventTypeId)]
    public DimseStatus OnStateReport(UpsStateReport report, NEventReportRequest request)
    {
        log.WriteLine($"watcher: {request.SopInstanceUid} is {report.ProcedureStepState} (input {report.InputReadinessState})");
        if (report.ProcedureStepState is "COMPLETED" or "CANCELED")
        {
            Finished.TrySetResult(report.ProcedureStepState);
        }

        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, UpsProgressReport.EventTypeId)]
    public DimseStatus OnProgress(UpsProgressReport report, NEventReportRequest request)
    {
        var progress = report.ProcedureStepProgressInformationSequence.FirstOrDefault()?.ProcedureStepProgress;
        log.WriteLine($"watcher: {request.SopInstanceUid} progress {progress} %");
        return DimseStatus.Success;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, UpsCancelRequested.EventTypeId)]
    public DimseStatus OnCancelRequested(UpsCancelRequested report, NEventReportRequest request)
    {
        log.WriteLine($"watcher: cancel of {request.SopInstanceUid} requested by {report.RequestingAE}");
        return DimseStatus.Success;
    }
}
