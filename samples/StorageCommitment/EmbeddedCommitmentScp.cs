using System.Collections.Concurrent;
using Declarative.Dicom;
using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;

namespace StorageCommitmentSample;

/// <summary>
/// The default peer of the main job: a small PACS that keeps what it receives by C-STORE and answers
/// storage commitment requests the way real ones do, with the report on a new association it opens to
/// the requestor's configured address, taking the SCP role. Declarative: the generator writes the dispatch
/// and the contexts (CT and MR storage, Verification, Storage Commitment with the peer as SCU).
/// </summary>
public sealed partial class EmbeddedCommitmentScp
{
    private readonly ConcurrentDictionary<string, string> _stored = new(StringComparer.Ordinal);
    private readonly RemoteApplicationEntityTable _remotes;
    private readonly string _aeTitle;
    private readonly ILogger _logger;

    public EmbeddedCommitmentScp(string aeTitle, RemoteApplicationEntityTable remotes, ILogger logger)
    {
        _aeTitle = aeTitle;
        _remotes = remotes;
        _logger = logger;
    }

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
    public DimseStatus OnCommitRequest(StorageCommitmentRequest commitment, NActionRequest request)
    {
        var references = commitment.ReferencedSOPSequence.Select(i => new Reference(i.ReferencedSOPClassUID, i.ReferencedSOPInstanceUID)).ToList();
        // The report goes out after this response, on its own association, as PS3.4 J.3.3.1.2 allows.
        _ = Task.Run(() => ReportAsync(request.Association!.CallingAETitle, commitment.TransactionUID, references));
        return DimseStatus.Success;
    }

    private async Task ReportAsync(string requester, string transaction, List<Reference> references)
    {
        try
        {
            var committed = references.Where(r => _stored.TryGetValue(r.SopInstance, out var storedAs) && storedAs == r.SopClass).ToList();
            var failed = references.Except(committed).ToList();
            var report = failed.Count == 0
                ? StorageCommitmentSuccessful.Create(transaction,
                    committed.Select(r => StorageCommitmentSuccessful.ReferencedSOPSequenceItem.Create(r.SopClass, r.SopInstance))).ToRequest(WellKnownSopInstance.StorageCommitmentPushModel)
                : StorageCommitmentFailuresExist.Create(transaction,
                    failed.Select(r => StorageCommitmentFailuresExist.FailedSOPSequenceItem.Create(r.SopClass, r.SopInstance, FailureReasonOf(r))),
                    referencedSOPSequence: committed.Count == 0 ? null
                        : committed.Select(r => StorageCommitmentFailuresExist.ReferencedSOPSequenceItem.Create(r.SopClass, r.SopInstance))).ToRequest(WellKnownSopInstance.StorageCommitmentPushModel);

            var destination = _remotes.Find(requester);
            await using var association = await DicomClient.ConnectAsync(destination,
                [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true }],
                new DicomClientOptions { AETitle = _aeTitle });
            var response = await association.SendAsync(report);
            _logger.LogInformation("{Scp}: report for transaction {Transaction} answered {Status}", _aeTitle, transaction, response.Status);
            await association.ReleaseAsync();
        }
        catch (Exception ex) when (ex is DicomAssociationException or KeyNotFoundException or IOException)
        {
            _logger.LogError(ex, "{Scp}: could not deliver the report for transaction {Transaction} to {Requester}", _aeTitle, transaction, requester);
        }
    }

    /// <summary>An instance stored under another SOP class is a conflict; one never received does not exist here.</summary>
    private ushort FailureReasonOf(Reference reference) =>
        _stored.ContainsKey(reference.SopInstance) ? FailureReasons.ClassInstanceConflict : FailureReasons.NoSuchObjectInstance;

    private sealed record Reference(string SopClass, string SopInstance);
}
