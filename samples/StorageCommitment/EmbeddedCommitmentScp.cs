using System.Collections.Concurrent;
using Declarative.Dicom;

namespace StorageCommitmentSample;

/// <summary>
/// The default peer of the main job: a small PACS that keeps what it receives by C-STORE and answers
/// storage commitment requests the way real ones do, with the report on a new association it opens to
/// the requestor's configured address, taking the SCP role. Declarative: the generator writes the dispatch
/// and the contexts (CT and MR storage, Verification, Storage Commitment with the peer as SCU). The framework's
/// <see cref="StorageCommitmentTransactions"/> keeps each transaction's result and queues its report in the same
/// write before the N-ACTION is answered, so that no commitment is lost to a modality that is down, or to a restart,
/// and a repeated request is answered as the first was.
/// </summary>
public sealed partial class EmbeddedCommitmentScp
{
    private readonly ConcurrentDictionary<string, string> _stored = new(StringComparer.Ordinal);
    private readonly StorageCommitmentTransactions _transactions;

    public EmbeddedCommitmentScp(StorageCommitmentTransactions transactions) => _transactions = transactions;

    [CEcho]
    public DimseStatus OnEcho() => DimseStatus.Success;

    [CStore(SopClass.CTImageStorage)]
    [CStore(SopClass.MRImageStorage)]
    public DimseStatus OnStore(CStoreRequest request)
    {
        _stored[request.SopInstanceUid!] = request.SopClassUid;
        return DimseStatus.Success;
    }

    [NAction(SopClass.StorageCommitmentPushModel, StorageCommitmentRequest.ActionTypeId)]
    public Task<DimseResult> OnCommitRequest(NActionRequest request, CancellationToken cancellationToken) =>
        // Decided now, sent after this response on an association of its own (PS3.4 J.3.3.1.2), by the outbox.
        _transactions.RequestAsync(request, Judge, cancellationToken);

    /// <summary>Committed when stored under that SOP class; an instance stored under another is a conflict, one never received does not exist here.</summary>
    private ValueTask<ushort?> Judge(string sopClass, string sopInstance, CancellationToken cancellationToken) =>
        new(_stored.TryGetValue(sopInstance, out var storedAs)
            ? storedAs == sopClass ? null : FailureReasons.ClassInstanceConflict
            : FailureReasons.NoSuchObjectInstance);

}
