using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Services;

/// <summary>One class with a handler of every attribute kind, mixed as a real SCP would mix them.</summary>
public partial class EveryServiceHandlers
{
    public List<string> Calls { get; } = [];

    [CEcho]
    public DimseStatus OnEcho() => DimseStatus.Success;

    [CStore(SopClass.CTImageStorage)]
    public DimseStatus OnCt(CStoreRequest request)
    {
        Calls.Add($"ct {request.SopInstanceUid} {request.Dataset.GetString(DicomTag.PatientID)}");
        return DimseStatus.Success;
    }

    /// <summary>Every other storage SOP class.</summary>
    [CStore]
    public ValueTask<DimseStatus> OnAnyImage(CStoreRequest request, CancellationToken cancellationToken)
    {
        Calls.Add($"any {DicomUidDictionary.Describe(request.SopClassUid)}");
        return ValueTask.FromResult(DimseStatus.Success);
    }

    [NAction(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitRequest(StorageCommitmentRequest request, NActionRequest action)
    {
        Calls.Add($"commit {request.TransactionUID} {request.ReferencedSOPSequence.Count} on {action.SopInstanceUid}");
        return DimseStatus.Success;
    }

    [NCreate(SopClass.ModalityPerformedProcedureStep)]
    public DimseResult OnCreate(NCreateRequest request)
    {
        Calls.Add($"create {request.AttributeList?.GetString(DicomTag.PerformedProcedureStepStatus)}");
        return request.SopInstanceUid is null ? DimseResult.Created("1.2.826.0.1.3680043.2.1125.7") : DimseResult.Success();
    }

    [NSet(SopClass.ModalityPerformedProcedureStep)]
    public async Task<DimseResult> OnSet(NSetRequest request)
    {
        await Task.Yield();
        Calls.Add($"set {request.ModificationList.GetString(DicomTag.PerformedProcedureStepStatus)}");
        return DimseResult.Success(new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, request.ModificationList.GetString(DicomTag.PerformedProcedureStepStatus)));
    }

    [NGet(SopClass.ModalityPerformedProcedureStepRetrieve)]
    public DimseResult OnGet(NGetRequest request) =>
        DimseResult.Success(new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, "IN PROGRESS"));

    [NDelete(SopClass.ModalityPerformedProcedureStep)]
    public DimseStatus OnDelete(DimseRequest request) => DimseStatus.NoSuchSopInstance;

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public void OnCommitted(StorageCommitmentSuccessful report) => Calls.Add($"committed {report.TransactionUID}");
}
