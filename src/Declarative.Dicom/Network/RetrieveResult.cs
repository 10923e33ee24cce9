using Declarative.Dicom.Data;

namespace Declarative.Dicom.Network;

/// <summary>The sub-operation counts of a C-MOVE or C-GET as its SCP reports them (PS3.7 9.3.3.2, 9.3.4.2); Remaining is absent from final responses.</summary>
public sealed record RetrieveProgress(int? Remaining, int Completed, int Failed, int Warning)
{
    internal static RetrieveProgress From(DimseResponse response)
    {
        var command = response.Command;
        return new RetrieveProgress(command?.NumberOfRemainingSuboperations, command?.NumberOfCompletedSuboperations ?? 0,
            command?.NumberOfFailedSuboperations ?? 0, command?.NumberOfWarningSuboperations ?? 0);
    }
}

/// <summary>How a C-MOVE or C-GET ended: its final response, the counts, and the instances its SCP reported failed.</summary>
public sealed record RetrieveResult(DimseResponse Response, RetrieveProgress Counts, IReadOnlyList<string> FailedInstances)
{
    public DimseStatus Status => Response.Status;

    internal static RetrieveResult From(DimseResponse response) =>
        new(response, RetrieveProgress.From(response),
            response.Dataset?.Find(DicomTag.FailedSOPInstanceUIDList) is DicomElement ? response.Dataset.GetStrings(DicomTag.FailedSOPInstanceUIDList) : []);
}
