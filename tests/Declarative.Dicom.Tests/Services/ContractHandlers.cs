using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Services;

/// <summary>
/// Handlers written as a user would, one per row of the handler contract; the generator writes their
/// dispatch. Each test sets <see cref="Behaviour"/> to pick what the handlers return.
/// </summary>
public partial class ContractHandlers
{
    public Func<object?> Behaviour { get; set; } = () => DimseStatus.Success;

    public List<string> Calls { get; } = [];

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report)
    {
        Calls.Add($"committed {report.TransactionUID} {report.ReferencedSOPSequence.Count}");
        return Behaviour() is DimseStatus status ? status : throw new InvalidOperationException("handler failed on purpose");
    }

    [EventReport(SopClass.StorageCommitmentPushModel, 2)]
    public async ValueTask<EventReportResult> OnFailuresAsync(StorageCommitmentFailuresExist report, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Calls.Add($"failures {report.FailedSOPSequence[0].FailureReason:X4}");
        return Behaviour() switch
        {
            EventReportResult result => result,
            Exception ex => throw ex,
            _ => DimseStatus.Success,
        };
    }

    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 2)]
    public DicomDataset OnProcedureStep(NEventReportRequest request)
    {
        Calls.Add($"mpps {request.EventTypeId}");
        return (DicomDataset)Behaviour()!;
    }

    [EventReport(SopClass.UnifiedProcedureStepEvent, 1)]
    public ushort OnUpsState(UpsStateReport report)
    {
        Calls.Add($"ups {report.ProcedureStepState}");
        return 0x0000;
    }

    [EventReport(SopClass.Printer, 1)]
    public void OnPrinterNormal() => Calls.Add("printer normal");
}
