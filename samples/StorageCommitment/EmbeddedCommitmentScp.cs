using System.Collections.Concurrent;
using Declarative.Dicom;
using Declarative.Dicom.Outbox;

namespace StorageCommitmentSample;

/// <summary>
/// The default peer of the main job: a small PACS that keeps what it receives by C-STORE and answers
/// storage commitment requests the way real ones do, with the report on a new association it opens to
/// the requestor's configured address, taking the SCP role. Declarative: the generator writes the dispatch
/// and the contexts (CT and MR storage, Verification, Storage Commitment with the peer as SCU). The report is
/// queued in a durable outbox before the N-ACTION is answered, so that no commitment is lost to a modality
/// that is down, or to a restart.
/// </summary>
public sealed partial class EmbeddedCommitmentScp
{
    private readonly ConcurrentDictionary<string, string> _stored = new(StringComparer.Ordinal);
    private readonly ReportOutbox _outbox;

    public EmbeddedCommitmentScp(ReportOutbox outbox) => _outbox = outbox;

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
    public async Task<DimseStatus> OnCommitRequest(StorageCommitmentRequest commitment, NActionRequest request, CancellationToken cancellationToken)
    {
        var references = commitment.ReferencedSOPSequence.Select(i => new Reference(i.ReferencedSOPClassUID, i.ReferencedSOPInstanceUID)).ToList();
        // Decided now, sent after this response on an association of its own (PS3.4 J.3.3.1.2), by the outbox.
        await _outbox.EnqueueAsync(request.Association!.CallingAETitle, ReportOn(commitment.TransactionUID, references), cancellationToken: cancellationToken);
        return DimseStatus.Success;
    }

    private NEventReportRequest ReportOn(string transaction, List<Reference> references)
    {
        var committed = references.Where(r => _stored.TryGetValue(r.SopInstance, out var storedAs) && storedAs == r.SopClass).ToList();
        var failed = references.Except(committed).ToList();
        return failed.Count == 0
            ? StorageCommitmentSuccessful.Create(transaction,
                committed.Select(r => StorageCommitmentSuccessful.ReferencedSOPSequenceItem.Create(r.SopClass, r.SopInstance))).ToRequest(WellKnownSopInstance.StorageCommitmentPushModel)
            : StorageCommitmentFailuresExist.Create(transaction,
                failed.Select(r => StorageCommitmentFailuresExist.FailedSOPSequenceItem.Create(r.SopClass, r.SopInstance, FailureReasonOf(r))),
                referencedSOPSequence: committed.Count == 0 ? null
                    : committed.Select(r => StorageCommitmentFailuresExist.ReferencedSOPSequenceItem.Create(r.SopClass, r.SopInstance))).ToRequest(WellKnownSopInstance.StorageCommitmentPushModel);
    }

    /// <summary>An instance stored under another SOP class is a conflict; one never received does not exist here.</summary>
    private ushort FailureReasonOf(Reference reference) =>
        _stored.ContainsKey(reference.SopInstance) ? FailureReasons.ClassInstanceConflict : FailureReasons.NoSuchObjectInstance;

    private sealed record Reference(string SopClass, string SopInstance);
}
