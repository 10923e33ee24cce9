using System.Threading.Channels;
using Declarative.Dicom;

namespace StorageCommitmentSample;

/// <summary>
/// The modality's side of storage commitment: the two report event types of PS3.4 J.3.3, handled
/// declaratively. The generator writes the dispatch; each report becomes a summary on a channel.
/// </summary>
public partial class CommitmentListener
{
    private readonly Channel<CommitmentSummary> _reports = Channel.CreateUnbounded<CommitmentSummary>();

    public ChannelReader<CommitmentSummary> Reports => _reports.Reader;

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report, NEventReportRequest request)
    {
        var committed = report.ReferencedSOPSequence.Select(i => new CommittedInstance(i.ReferencedSOPClassUID, i.ReferencedSOPInstanceUID)).ToList();
        _reports.Writer.TryWrite(new CommitmentSummary(report.TransactionUID, request.Association?.PeerAETitle ?? "?", committed, []));
        return DimseStatus.Success;
    }

    [EventReport(SopClass.StorageCommitmentPushModel, 2)]
    public DimseStatus OnFailures(StorageCommitmentFailuresExist report, NEventReportRequest request)
    {
        var committed = report.ReferencedSOPSequence.Select(i => new CommittedInstance(i.ReferencedSOPClassUID, i.ReferencedSOPInstanceUID)).ToList();
        var failed = report.FailedSOPSequence.Select(i => new FailedInstance(i.ReferencedSOPClassUID, i.ReferencedSOPInstanceUID, i.FailureReason)).ToList();
        _reports.Writer.TryWrite(new CommitmentSummary(report.TransactionUID, request.Association?.PeerAETitle ?? "?", committed, failed));
        return DimseStatus.Success;
    }
}
