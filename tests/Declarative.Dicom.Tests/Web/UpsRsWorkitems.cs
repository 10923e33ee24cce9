using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Web;

/// <summary>The datasets the UPS-RS tests send: a SCHEDULED workitem, a progress report, what was performed.</summary>
internal static class UpsRsWorkitems
{
    public static DicomDataset Scheduled(string label) =>
        new DicomDataset()
            .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
            .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "MEDIUM").Set(DicomTag.ProcedureStepLabel, label);

    public static DicomDataset Progress(string percent) =>
        new DicomDataset().SetSequence(DicomTag.ProcedureStepProgressInformationSequence, new DicomDataset().Set(DicomTag.ProcedureStepProgress, percent));

    public static DicomDataset Performed() =>
        new DicomDataset().SetSequence(DicomTag.UnifiedProcedureStepPerformedProcedureSequence, new DicomDataset()
            .Set(DicomTag.PerformedProcedureStepStartDateTime, "20261203101000").Set(DicomTag.PerformedProcedureStepEndDateTime, "20261203102000")
            .SetSequence(DicomTag.PerformedStationNameCodeSequence, Code("CT01", "CT scanner 1"))
            .SetSequence(DicomTag.PerformedWorkitemCodeSequence, Code("110005", "Interpretation")));

    private static DicomDataset Code(string value, string meaning) =>
        new DicomDataset().Set(DicomTag.CodeValue, value).Set(DicomTag.CodingSchemeDesignator, "DCM").Set(DicomTag.CodeMeaning, meaning);
}
