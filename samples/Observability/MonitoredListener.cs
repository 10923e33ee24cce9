using Declarative.Dicom;

namespace ObservabilitySample;

/// <summary>A small declarative SCU-side listener: echoes, and MPPS notifications, one of which it answers with a failure.</summary>
public partial class MonitoredListener
{
    [CEcho]
    public DimseStatus OnEcho() => DimseStatus.Success;

    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)]
    public DimseStatus OnInProgress() => DimseStatus.Success;

    // Shown in the metrics as a failure: dicom.requests{dicom.message=N-EVENT-REPORT, dicom.status.category=failure}.
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 2)]
    public DimseStatus OnCompleted() => DimseStatus.ProcessingFailure;
}
