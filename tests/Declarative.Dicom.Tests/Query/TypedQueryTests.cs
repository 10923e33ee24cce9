using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Query;

/// <summary>The typed C-FIND builders generated from the catalogue's query models: the Identifier each writes.</summary>
public class TypedQueryTests
{
    [Fact]
    public void Worklist_WritesEachKeyWithItsMatchingKind_AndLeavesOutWhatWasNotAsked()
    {
        var request = ModalityWorklistQuery.Create(
            patientName: TextMatch.Like("Do*"),
            patientID: TextMatch.Any,
            scheduledProcedureStepSequence: ModalityWorklistQuery.ScheduledProcedureStepSequenceItem.Create(
                modality: "CT",
                scheduledStationAETitle: TextMatch.Any,
                scheduledProcedureStepStartDate: DateMatch.Between(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)),
                scheduledProcedureStepStartTime: TimeMatch.Between(new TimeOnly(8, 0), null)));

        Assert.Equal(SopClass.FINDModalityWorklistInformationModel, request.SopClassUid);
        var query = request.Query;
        Assert.Equal([DicomTag.PatientName, DicomTag.PatientID, DicomTag.ScheduledProcedureStepSequence], query.Keys);
        Assert.Equal(QueryMatching.Wildcard, query.Key(DicomTag.PatientName)!.Matching);
        Assert.Equal(QueryMatching.Universal, query.Key(DicomTag.PatientID)!.Matching);
        var step = query.Key(DicomTag.ScheduledProcedureStepSequence)!.Item!;
        Assert.Equal("CT", step.Key(DicomTag.Modality)!.Value);
        Assert.Equal(("20261201", "20261202"), (step.Key(DicomTag.ScheduledProcedureStepStartDate)!.Low, step.Key(DicomTag.ScheduledProcedureStepStartDate)!.High));
        Assert.Equal(("080000", (string?)null), (step.Key(DicomTag.ScheduledProcedureStepStartTime)!.Low, step.Key(DicomTag.ScheduledProcedureStepStartTime)!.High));
        Assert.Null(query.Level);
    }

    [Fact]
    public void StudyRoot_BelowTheTop_TakesTheUniqueKeysAboveAsSingleValues_AndSetsTheLevel()
    {
        var request = StudyRootQuery.Image("1.2.3", "1.2.3.4", sopInstanceUID: UidMatch.AnyOf("1.2.3.4.5", "1.2.3.4.6"), instanceNumber: ValueMatch.Any);

        var query = request.Query;
        Assert.Equal("IMAGE", query.Level);
        Assert.Equal(SopClass.FINDStudyRootQueryRetrieveInformationModel, request.SopClassUid);
        Assert.Equal(QueryMatching.SingleValue, query.Key(DicomTag.StudyInstanceUID)!.Matching);
        Assert.Equal("1.2.3.4", query.Key(DicomTag.SeriesInstanceUID)!.Value);
        Assert.Equal(["1.2.3.4.5", "1.2.3.4.6"], query.Key(DicomTag.SOPInstanceUID)!.Values);
        Assert.Equal(QueryMatching.Universal, query.Key(DicomTag.InstanceNumber)!.Matching);
    }

    [Fact]
    public void PatientRoot_StudyLevel_NeedsThePatientID()
    {
        var query = PatientRootQuery.Study("P1", studyDate: DateMatch.On(new DateOnly(2026, 12, 3)), studyInstanceUID: UidMatch.Any).Query;

        Assert.Equal("STUDY", query.Level);
        Assert.Equal("P1", query.Key(DicomTag.PatientID)!.Value);
        Assert.Equal((new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 3)), query.Key(DicomTag.StudyDate)!.Dates!.Value);
    }

    [Fact]
    public void ARangeThatEndsBeforeItStarts_OrHasNoEnd_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => DateMatch.Between(new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 1)));
        Assert.Throws<ArgumentException>(() => TimeMatch.Between(null, null));
        Assert.Throws<ArgumentException>(() => TextMatch.Is(string.Empty));
    }
}
