using System.Text;
using Declarative.Dicom;
using Declarative.Dicom.Data;

namespace StorageCommitmentSample;

public sealed record CommittedInstance(string SopClassUid, string SopInstanceUid);

public sealed record FailedInstance(string SopClassUid, string SopInstanceUid, ushort Reason);

/// <summary>One storage commitment report, as a person reads it.</summary>
public sealed record CommitmentSummary(string TransactionUid, string From, IReadOnlyList<CommittedInstance> Committed, IReadOnlyList<FailedInstance> Failed)
{
    public bool FullyCommitted => Failed.Count == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"Storage commitment report from {From}");
        text.AppendLine($"  transaction {TransactionUid}");
        text.AppendLine($"  committed: {Committed.Count}");
        foreach (var instance in Committed)
        {
            text.AppendLine($"    {instance.SopInstanceUid}  ({Describe(instance.SopClassUid)})");
        }

        text.AppendLine($"  failed: {Failed.Count}");
        foreach (var instance in Failed)
        {
            text.AppendLine($"    {instance.SopInstanceUid}  ({Describe(instance.SopClassUid)}): {FailureReasons.Describe(instance.Reason)}");
        }

        text.Append(FullyCommitted ? "  result: every instance is committed" : "  result: FAILURES EXIST, the SCP does not commit to keep every instance");
        return text.ToString();
    }

    private static string Describe(string sopClassUid) => DicomUidDictionary.Lookup(sopClassUid)?.Keyword ?? sopClassUid;
}
