using System.Threading.Channels;

namespace Declarative.Dicom.Tool.Commitment;

/// <summary>One storage commitment report, by instance: what the SCP committed and what it failed, with the reason.</summary>
internal sealed record CommitmentOutcome(string TransactionUid, string From, IReadOnlyDictionary<string, ushort?> Instances);

/// <summary>
/// The requestor's side of storage commitment, written the way the package asks users to write it: two
/// [EventReport] handlers the generator dispatches to. Serves the listening server and the requesting association.
/// </summary>
internal sealed partial class CommitmentReports
{
    private readonly Channel<CommitmentOutcome> _outcomes = Channel.CreateUnbounded<CommitmentOutcome>();

    public ChannelReader<CommitmentOutcome> Outcomes => _outcomes.Reader;

    [CEcho]
    public DimseStatus OnEcho() => DimseStatus.Success;

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report, NEventReportRequest request)
    {
        var instances = report.ReferencedSOPSequence.ToDictionary(i => i.ReferencedSOPInstanceUID, _ => (ushort?)null);
        _outcomes.Writer.TryWrite(new CommitmentOutcome(report.TransactionUID, request.Association?.PeerAETitle ?? "?", instances));
        return DimseStatus.Success;
    }

    [EventReport(SopClass.StorageCommitmentPushModel, 2)]
    public DimseStatus OnFailures(StorageCommitmentFailuresExist report, NEventReportRequest request)
    {
        var instances = report.ReferencedSOPSequence.ToDictionary(i => i.ReferencedSOPInstanceUID, _ => (ushort?)null);
        foreach (var failed in report.FailedSOPSequence)
        {
            instances[failed.ReferencedSOPInstanceUID] = failed.FailureReason;
        }

        _outcomes.Writer.TryWrite(new CommitmentOutcome(report.TransactionUID, request.Association?.PeerAETitle ?? "?", instances));
        return DimseStatus.Success;
    }
}
