using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace StorageCommitmentSample;

/// <summary>What the modality does: store instances, ask for their commitment, wait for the report.</summary>
public sealed class Modality
{
    private readonly string _aeTitle;
    private readonly CommitmentListener _listener;
    private readonly TextWriter _out;

    public Modality(string aeTitle, CommitmentListener listener, TextWriter output)
    {
        _aeTitle = aeTitle;
        _listener = listener;
        _out = output;
    }

    /// <summary>Stores the datasets (if any), asks the peer to commit the given instances, and returns the report, or null on time-out.</summary>
    public async Task<CommitmentSummary?> CommitAsync(RemoteApplicationEntity peer, IReadOnlyList<DicomDataset> toStore,
        IReadOnlyList<(string SopClass, string SopInstance)> toCommit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var storageClasses = toStore.Select(d => d.GetString(DicomTag.SOPClassUID)).Distinct().Select(uid => new PresentationContextRequest(uid));
        _out.WriteLine($"Connecting to {peer} as {_aeTitle} ...");
        // The listener also serves this association: a peer may report on it before it is released.
        await using var association = await DicomClient.ConnectAsync(peer,
            [.. storageClasses, new PresentationContextRequest(SopClass.StorageCommitmentPushModel)],
            new DicomClientOptions { AETitle = _aeTitle }, _listener, cancellationToken: cancellationToken);
        foreach (var dataset in toStore)
        {
            var stored = await association.SendAsync(new CStoreRequest(dataset), cancellationToken);
            _out.WriteLine($"  C-STORE {dataset.GetString(DicomTag.SOPInstanceUID)}: {Describe(stored)}");
            if (stored.Status.Category == DimseStatusCategory.Failure)
            {
                throw new InvalidOperationException($"{peer.AETitle} refused to store {dataset.GetString(DicomTag.SOPInstanceUID)}: {stored}");
            }
        }

        var transaction = DicomUid.Generate();
        var request = StorageCommitmentRequest.Create(transaction,
            toCommit.Select(i => StorageCommitmentRequest.ReferencedSOPSequenceItem.Create(i.SopClass, i.SopInstance)));
        var action = await association.SendAsync(request.ToRequest(WellKnownSopInstance.StorageCommitmentPushModel), cancellationToken);
        _out.WriteLine($"  N-ACTION storage commitment of {toCommit.Count} instance(s), transaction {transaction}: {Describe(action)}");
        if (action.Status.Category == DimseStatusCategory.Failure)
        {
            throw new InvalidOperationException($"{peer.AETitle} refused the commitment request: {action}");
        }

        _out.WriteLine($"Waiting up to {timeout.TotalSeconds:0} s for the N-EVENT-REPORT (on this association or a new one to our listener) ...");
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var report = await _listener.Reports.ReadAsync(wait.Token);
                if (report.TransactionUid == transaction)
                {
                    return report;
                }

                _out.WriteLine($"  (a report for another transaction, {report.TransactionUid}, arrived and was answered)");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string Describe(DimseResponse response) =>
        response.Status.IsSuccess ? "Success" : $"0x{response.Status.Code:X4} {response.Status.Category}{(response.ErrorComment is null ? string.Empty : $" ({response.ErrorComment})")}";
}
