using Declarative.Dicom;
using Declarative.Dicom.State;

namespace WorkflowNodeSample;

/// <summary>
/// The DICOM face of an image manager on one node of several: C-ECHO, C-STORE (what was received is recorded in the shared
/// store, so a commitment asked of another node finds it) and storage commitment (the framework's
/// <see cref="StorageCommitmentTransactions"/>: the result and its report are kept in the shared database before Success,
/// and the report goes out from whichever node is free).
/// </summary>
public sealed partial class ImageManager(IInstanceStore store, StorageCommitmentTransactions commitments)
{
    /// <summary>The state of an instance this deployment received.</summary>
    public const string Received = "RECEIVED";

    [CEcho]
    public DimseStatus OnEcho() => DimseStatus.Success;

    [CStore(SopClass.CTImageStorage)]
    [CStore(SopClass.MRImageStorage)]
    public async Task<DimseStatus> OnStore(CStoreRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginAsync(cancellationToken);
        if (await transaction.FindAsync(request.SopClassUid, request.SopInstanceUid!, cancellationToken) is null)
        {
            var record = new Declarative.Dicom.Data.DicomDataset().Set(Declarative.Dicom.Data.DicomTag.SOPInstanceUID, request.SopInstanceUid!);
            await transaction.InsertAsync(new StoredInstance(request.SopClassUid, request.SopInstanceUid!, Received, 0, record, DateTimeOffset.UtcNow), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return DimseStatus.Success;
    }

    [NAction(SopClass.StorageCommitmentPushModel, StorageCommitmentRequest.ActionTypeId)]
    public Task<DimseResult> OnCommitRequest(NActionRequest request, CancellationToken cancellationToken) =>
        commitments.RequestAsync(request, JudgeAsync, cancellationToken);

    /// <summary>Committed when this deployment received it under that SOP class, on any node.</summary>
    private async ValueTask<ushort?> JudgeAsync(string sopClass, string sopInstance, CancellationToken cancellationToken) =>
        await store.FindAsync(sopClass, sopInstance, cancellationToken) is not null ? null : FailureReasons.NoSuchObjectInstance;
}
