using System.Collections.Concurrent;
using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;

namespace StorageCommitmentSample;

/// <summary>
/// The default peer of the main job: a small PACS that keeps what it receives by C-STORE and answers
/// storage commitment requests the way real ones do, with the report on a new association it opens to
/// the requestor's configured address, taking the SCP role. A plain IDicomServiceHandler, no generator.
/// </summary>
public sealed class EmbeddedCommitmentScp : IDicomServiceHandler
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

    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } =
    [
        new PresentationContextPolicy(SopClass.Verification),
        new PresentationContextPolicy(SopClass.CTImageStorage),
        new PresentationContextPolicy(SopClass.MRImageStorage),
        new PresentationContextPolicy(SopClass.StorageCommitmentPushModel),
    ];

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case CEchoRequest:
                return ValueTask.FromResult(new DimseResponse(DimseStatus.Success));
            case CStoreRequest store:
                _stored[store.SopInstanceUid!] = store.SopClassUid;
                return ValueTask.FromResult(new DimseResponse(DimseStatus.Success));
            case NActionRequest { ActionTypeId: 1 } action when action.ActionInformation is { } information:
                var requester = request.Association!.CallingAETitle;
                var transaction = information.GetString(DicomTag.TransactionUID);
                var references = information.GetSequence(DicomTag.ReferencedSOPSequence).Items
                    .Select(i => (SopClass: i.GetString(DicomTag.ReferencedSOPClassUID), SopInstance: i.GetString(DicomTag.ReferencedSOPInstanceUID)))
                    .ToList();
                // The report goes out after this response, on its own association, as PS3.4 J.3.3.1.2 allows.
                _ = Task.Run(() => ReportAsync(requester, transaction, references));
                return ValueTask.FromResult(new DimseResponse(DimseStatus.Success));
            case NActionRequest:
                return ValueTask.FromResult(DimseResponse.FromStatus(DimseStatus.NoSuchAction, "only action type 1 (Request Storage Commitment)"));
            default:
                return ValueTask.FromResult(DimseResponse.FromStatus(DimseStatus.UnrecognizedOperation));
        }
    }

    private async Task ReportAsync(string requester, string transaction, List<(string SopClass, string SopInstance)> references)
    {
        try
        {
            var committed = references.Where(r => _stored.TryGetValue(r.SopInstance, out var storedAs) && storedAs == r.SopClass).ToList();
            var failed = references.Except(committed).ToList();
            var report = new DicomDataset().Set(DicomTag.TransactionUID, transaction);
            if (committed.Count > 0)
            {
                report.SetSequence(DicomTag.ReferencedSOPSequence, committed.Select(r => Reference(r)).ToArray());
            }

            if (failed.Count > 0)
            {
                report.SetSequence(DicomTag.FailedSOPSequence, failed.Select(r => Reference(r).Set<ushort>(DicomTag.FailureReason,
                    _stored.ContainsKey(r.SopInstance) ? FailureReasons.ClassInstanceConflict : FailureReasons.NoSuchObjectInstance)).ToArray());
            }

            var destination = _remotes.Find(requester);
            await using var association = await DicomClient.ConnectAsync(destination,
                [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true }],
                new DicomClientOptions { AETitle = _aeTitle });
            var eventType = failed.Count == 0 ? (ushort)1 : (ushort)2;
            var response = await association.SendAsync(new NEventReportRequest(SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", eventType, report));
            _logger.LogInformation("{Scp}: report for transaction {Transaction} answered {Status}", _aeTitle, transaction, response.Status);
            await association.ReleaseAsync();
        }
        catch (Exception ex) when (ex is DicomAssociationException or KeyNotFoundException or IOException)
        {
            _logger.LogError(ex, "{Scp}: could not deliver the report for transaction {Transaction} to {Requester}", _aeTitle, transaction, requester);
        }
    }

    private static DicomDataset Reference((string SopClass, string SopInstance) reference) =>
        new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, reference.SopClass).Set(DicomTag.ReferencedSOPInstanceUID, reference.SopInstance);
}
