using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Query;

/// <summary>PS3.4 C.2.2.2 matching, one rule per test, each against a stored value that should and one that should not match.</summary>
public class DicomQueryMatchingTests
{
    private static bool Matches(DicomDataset keys, DicomDataset candidate, DicomQueryOptions? options = null) => new DicomQuery(keys, options).Matches(candidate);

    private static DicomDataset With(DicomTag tag, string value) => new DicomDataset().Set(tag, value);

    [Fact]
    public void AnEmptyKey_IsUniversal_AndMatchesAnAbsentValue()
    {
        var keys = new DicomDataset().Set(DicomTag.PatientName, Array.Empty<string>());

        Assert.True(Matches(keys, With(DicomTag.PatientName, "Doe^Jane")));
        Assert.True(Matches(keys, new DicomDataset()));
    }

    [Theory]
    [InlineData("Doe^Jane", "Doe^Jane", true)]
    [InlineData("Doe^Jane", "Doe^Janet", false)]
    [InlineData("Doe^Jane", "doe^jane", false)]
    [InlineData("Doe^Jane^^^", "Doe^Jane", true)]
    [InlineData("Do*", "Doe^Jane", true)]
    [InlineData("D?e*", "Doe^Jane", true)]
    [InlineData("D?e", "Doe^Jane", false)]
    [InlineData("*Jane", "Doe^Jane", true)]
    [InlineData("*", "Doe^Jane", true)]
    public void PersonNames_MatchBySingleValueOrWildcard(string key, string stored, bool expected) =>
        Assert.Equal(expected, Matches(With(DicomTag.PatientName, key), With(DicomTag.PatientName, stored)));

    [Fact]
    public void PersonNames_MayIgnoreCase_WhenTheScpSaysSo() =>
        Assert.True(Matches(With(DicomTag.PatientName, "doe*"), With(DicomTag.PatientName, "Doe^Jane"), new DicomQueryOptions { PersonNameIgnoresCase = true }));

    [Fact]
    public void AnEmptyOrAbsentStoredValue_FailsEveryKeyThatIsNotUniversal()
    {
        var keys = With(DicomTag.PatientID, "*");

        Assert.False(Matches(keys, new DicomDataset()));
        Assert.False(Matches(keys, new DicomDataset().Set(DicomTag.PatientID, Array.Empty<string>())));
        Assert.True(Matches(keys, With(DicomTag.PatientID, "P1")));
    }

    [Fact]
    public void WildcardCharacters_ArePlainText_WhereC2224DoesNotAllowThem()
    {
        // UI: "1.2.*" is a UID that no instance has, not a pattern.
        Assert.False(Matches(With(DicomTag.StudyInstanceUID, "1.2.*"), With(DicomTag.StudyInstanceUID, "1.2.3")));
        Assert.True(Matches(With(DicomTag.StudyInstanceUID, "1.2.*"), With(DicomTag.StudyInstanceUID, "1.2.*")));
    }

    [Fact]
    public void UidLists_MatchAnyOfTheirValues()
    {
        var keys = new DicomDataset().Set(DicomTag.SOPInstanceUID, "1.2.3", "1.2.4");

        Assert.True(Matches(keys, With(DicomTag.SOPInstanceUID, "1.2.4")));
        Assert.False(Matches(keys, With(DicomTag.SOPInstanceUID, "1.2.5")));
    }

    [Theory]
    [InlineData("20261201-20261203", "20261201", true)]
    [InlineData("20261201-20261203", "20261203", true)]
    [InlineData("20261201-20261203", "20261204", false)]
    [InlineData("-20261201", "19991231", true)]
    [InlineData("20261202-", "20261201", false)]
    [InlineData("20261202-", "30000101", true)]
    [InlineData("20261201", "20261201", true)]
    [InlineData("20261201", "20261202", false)]
    public void Dates_MatchRangesBothEndsIncluded(string key, string stored, bool expected) =>
        Assert.Equal(expected, Matches(With(DicomTag.StudyDate, key), With(DicomTag.StudyDate, stored)));

    [Theory]
    [InlineData("0900-1200", "090000", true)]
    [InlineData("0900-1200", "120059", true)]
    [InlineData("0900-1200", "1201", false)]
    [InlineData("0900-1200", "085959.999", false)]
    [InlineData("-10", "105959", true)]
    [InlineData("1030-", "1029", false)]
    public void Times_MatchRangesAtThePrecisionTheyAreWritten(string key, string stored, bool expected) =>
        Assert.Equal(expected, Matches(With(DicomTag.StudyTime, key), With(DicomTag.StudyTime, stored)));

    [Theory]
    [InlineData("20261201080000-20261201120000", "20261201100000", true)]
    [InlineData("20261201080000-20261201120000", "20261201130000", false)]
    [InlineData("20261201-20261201", "20261201235959", true)]
    [InlineData("20261201080000+0100-20261201120000+0100", "20261201100000+0100", true)]
    public void DateTimes_MatchRanges_WithOrWithoutOffsets(string key, string stored, bool expected) =>
        Assert.Equal(expected, Matches(With(DicomTag.AcquisitionDateTime, key), With(DicomTag.AcquisitionDateTime, stored)));

    [Fact]
    public void DateAndTime_AreOneRange_OnlyWhenCombined()
    {
        var keys = new DicomDataset().Set(DicomTag.StudyDate, "20261201-20261202").Set(DicomTag.StudyTime, "0900-1200");
        // The evening of the first day: inside the combined range, outside the daily window.
        var evening = new DicomDataset().Set(DicomTag.StudyDate, "20261201").Set(DicomTag.StudyTime, "180000");

        Assert.True(Matches(keys, evening, new DicomQueryOptions { CombineDateAndTime = true }));
        Assert.False(Matches(keys, evening));
    }

    [Fact]
    public void Sequences_MatchWhenOneItemMatchesEveryItemKey()
    {
        var keys = new DicomDataset().SetSequence(DicomTag.ScheduledProcedureStepSequence,
            new DicomDataset().Set(DicomTag.Modality, "CT").Set(DicomTag.ScheduledStationAETitle, "CT01"));
        var steps = new DicomDataset().SetSequence(DicomTag.ScheduledProcedureStepSequence,
            new DicomDataset().Set(DicomTag.Modality, "CT").Set(DicomTag.ScheduledStationAETitle, "CT02"),
            new DicomDataset().Set(DicomTag.Modality, "CT").Set(DicomTag.ScheduledStationAETitle, "CT01"));
        var other = new DicomDataset().SetSequence(DicomTag.ScheduledProcedureStepSequence,
            new DicomDataset().Set(DicomTag.Modality, "MR").Set(DicomTag.ScheduledStationAETitle, "CT01"));

        Assert.True(Matches(keys, steps));
        Assert.False(Matches(keys, other));
        Assert.False(Matches(keys, new DicomDataset()));
    }

    [Fact]
    public void Projection_ReturnsExactlyTheKeys_WithTheMatchsValuesOrEmpty()
    {
        var keys = new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, "STUDY")
            .Set(DicomTag.PatientName, "Doe*")
            .Set(DicomTag.StudyDescription, Array.Empty<string>())
            .SetSequence(DicomTag.ProcedureCodeSequence);
        var match = new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .Set(DicomTag.PatientName, "Doe^Jäne")
            .Set(DicomTag.PatientID, "P1")
            .SetSequence(DicomTag.ProcedureCodeSequence, new DicomDataset().Set(DicomTag.CodeValue, "X1").Set(DicomTag.CodeMeaning, "Röntgen"));

        var response = new DicomQuery(keys).Project(match);

        Assert.Equal([DicomTag.SpecificCharacterSet, DicomTag.QueryRetrieveLevel, DicomTag.StudyDescription, DicomTag.ProcedureCodeSequence, DicomTag.PatientName],
            response.Select(a => a.Tag));
        Assert.Equal("Doe^Jäne", response.GetString(DicomTag.PatientName));
        Assert.Equal("STUDY", response.GetString(DicomTag.QueryRetrieveLevel));
        Assert.Equal(0, response.GetValueCount(DicomTag.StudyDescription));
        // A sequence asked for without item keys comes whole.
        Assert.Equal("Röntgen", response.GetSequence(DicomTag.ProcedureCodeSequence)[0].GetString(DicomTag.CodeMeaning));
        // And encodes as it reads.
        var decoded = DicomDataset.Decode(response.Encode(DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("Doe^Jäne", decoded.GetString(DicomTag.PatientName));
    }
}

/// <summary>Each key of a query with its matching kind, as a handler over a database reads it.</summary>
public class QueryKeyTests
{
    [Fact]
    public void EveryKind_IsReadWithWhatItMatchesOn()
    {
        var query = new DicomQuery(new DicomDataset()
            .Set(DicomTag.QueryRetrieveLevel, "STUDY")
            .Set(DicomTag.PatientName, "Doe*")
            .Set(DicomTag.PatientID, "P1")
            .Set(DicomTag.StudyDate, "20261201-")
            .Set(DicomTag.AccessionNumber, Array.Empty<string>())
            .Set(DicomTag.StudyInstanceUID, "1.2.3", "1.2.4")
            .Set(DicomTag.StudyID, "A*")
            .SetSequence(DicomTag.ProcedureCodeSequence, new DicomDataset().Set(DicomTag.CodeValue, "X1")));

        var keys = query.ParsedKeys.ToDictionary(k => k.Tag);

        Assert.DoesNotContain(DicomTag.QueryRetrieveLevel, keys.Keys);
        Assert.Equal((DicomVR.PN, QueryMatching.Wildcard, "Doe*"), (keys[DicomTag.PatientName].VR, keys[DicomTag.PatientName].Matching, keys[DicomTag.PatientName].Value));
        Assert.Equal(QueryMatching.SingleValue, keys[DicomTag.PatientID].Matching);
        Assert.Equal((QueryMatching.Range, "20261201", (string?)null), (keys[DicomTag.StudyDate].Matching, keys[DicomTag.StudyDate].Low, keys[DicomTag.StudyDate].High));
        Assert.Equal((new DateOnly(2026, 12, 1), (DateOnly?)null), keys[DicomTag.StudyDate].Dates!.Value);
        Assert.Equal(QueryMatching.Universal, keys[DicomTag.AccessionNumber].Matching);
        Assert.Equal(QueryMatching.UidList, keys[DicomTag.StudyInstanceUID].Matching);
        Assert.Equal(["1.2.3", "1.2.4"], keys[DicomTag.StudyInstanceUID].Values);
        // SH allows wildcards; a CodeValue inside the sequence item is read the same way.
        Assert.Equal(QueryMatching.Wildcard, keys[DicomTag.StudyID].Matching);
        Assert.Equal(QueryMatching.SingleValue, keys[DicomTag.ProcedureCodeSequence].Item!.Key(DicomTag.CodeValue)!.Matching);
        Assert.Null(query.Key(DicomTag.Modality));
    }

    [Fact]
    public void WildcardCharacters_InAVrWithoutWildcards_AreASingleValue()
    {
        var query = new DicomQuery(new DicomDataset().Set(DicomTag.SOPInstanceUID, "1.2.*").Set(DicomTag.StudyDate, "2026*"));

        Assert.Equal(QueryMatching.SingleValue, query.Key(DicomTag.SOPInstanceUID)!.Matching);
        Assert.Equal(QueryMatching.SingleValue, query.Key(DicomTag.StudyDate)!.Matching);
    }
}
