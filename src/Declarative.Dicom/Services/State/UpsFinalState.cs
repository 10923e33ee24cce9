using Declarative.Dicom.Data;

namespace Declarative.Dicom.State;

/// <summary>
/// The Final State requirements of PS3.4 Table CC.2.5-3 as dcm4chee-arc applies them (the table itself was not available
/// here): COMPLETED needs a Unified Procedure Step Performed Procedure Sequence item with the performed start and end
/// DateTime, a Performed Station Name Code Sequence item and a Performed Workitem Code Sequence item; CANCELED is stamped by
/// the SCP with the cancellation DateTime (and the reason the request gave) in the Progress Information.
/// </summary>
internal static class UpsFinalState
{
    /// <summary>What a workitem lacks to be COMPLETED, named; null when it has it all.</summary>
    public static string? MissingForCompleted(DicomDataset workitem)
    {
        const string Sequence = "Unified Procedure Step Performed Procedure Sequence (0074,1216)";
        if (workitem.GetSequenceOrDefault(DicomTag.UnifiedProcedureStepPerformedProcedureSequence) is not { Count: > 0 } performed)
        {
            return $"{Sequence} with one item";
        }

        var item = performed[0];
        var missing = new List<string>();
        foreach (var tag in new[] { DicomTag.PerformedProcedureStepStartDateTime, DicomTag.PerformedProcedureStepEndDateTime })
        {
            if (string.IsNullOrEmpty(item.GetStringOrDefault(tag)))
            {
                missing.Add($"{tag.Keyword} {tag}");
            }
        }

        foreach (var tag in new[] { DicomTag.PerformedStationNameCodeSequence, DicomTag.PerformedWorkitemCodeSequence })
        {
            if (item.GetSequenceOrDefault(tag) is not { Count: > 0 } codes || string.IsNullOrEmpty(codes[0].GetStringOrDefault(DicomTag.CodeValue)))
            {
                missing.Add($"{tag.Keyword} {tag} with a code");
            }
        }

        return missing.Count == 0 ? null : $"{string.Join(", ", missing)} in {Sequence}";
    }

    /// <summary>Procedure Step Cancellation DateTime, and the reason given, in the first Progress Information item.</summary>
    public static void StampCancellation(DicomDataset workitem, DicomDataset? request = null)
    {
        var progress = workitem.GetSequenceOrDefault(DicomTag.ProcedureStepProgressInformationSequence) is { Count: > 0 } existing
            ? existing[0]
            : null;
        if (progress is null)
        {
            progress = new DicomDataset();
            workitem.SetSequence(DicomTag.ProcedureStepProgressInformationSequence, progress);
        }

        progress.Set(DicomTag.ProcedureStepCancellationDateTime, DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
        if (request?.GetStringOrDefault(DicomTag.ReasonForCancellation) is { Length: > 0 } reason)
        {
            progress.Set(DicomTag.ReasonForCancellation, reason);
        }

        if (request?.Find(DicomTag.ProcedureStepDiscontinuationReasonCodeSequence) is { } codes)
        {
            progress.Add(codes);
        }
    }
}
