using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

public class DicomDatasetValueTests
{
    [Fact]
    public void MissingElement_NamesTheTag()
    {
        var error = Assert.Throws<DicomElementMissingException>(() => new DicomDataset().GetString(DicomTag.TransactionUID));
        Assert.Equal("The dataset has no element (0008,1195) TransactionUID.", error.Message);
    }

    [Fact]
    public void MalformedNumber_NamesTheTagAndTheText()
    {
        var dataset = new DicomDataset().Set(DicomTag.SeriesNumber, DicomVR.IS, "12a");
        var error = Assert.Throws<DicomValueException>(() => dataset.GetValue<int>(DicomTag.SeriesNumber));
        Assert.StartsWith("(0020,0011) SeriesNumber: the IS value '12a'", error.Message);
    }

    [Fact]
    public void BinaryNumbers_RoundTripInEveryFixedVR()
    {
        var dataset = new DicomDataset()
            .Set<ushort>(DicomTag.Rows, 512)
            .Set<short>(new DicomTag(0x0028, 0x0106), DicomVR.SS, -5)
            .Set<uint>(DicomTag.SimpleFrameList, 1u, 2u, 4000000000u)
            .Set<int>(DicomTag.ReferencePixelX0, -7)
            .Set<float>(DicomTag.RecommendedDisplayFrameRateInFloat, 12.5f)
            .Set<double>(DicomTag.FrameTimeVector, DicomVR.FD, 0.25, 1e300)
            .Set<DicomTag>(DicomTag.OffendingElement, DicomTag.PatientID, DicomTag.Status);

        var decoded = DicomDataset.Decode(dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal((ushort)512, decoded.GetValue<ushort>(DicomTag.Rows));
        Assert.Equal(512, decoded.GetValue<int>(DicomTag.Rows));
        Assert.Equal((short)-5, decoded.GetValue<short>(new DicomTag(0x0028, 0x0106)));
        Assert.Equal([1u, 2u, 4000000000u], decoded.GetValues<uint>(DicomTag.SimpleFrameList));
        Assert.Equal(-7, decoded.GetValue<int>(DicomTag.ReferencePixelX0));
        Assert.Equal(12.5f, decoded.GetValue<float>(DicomTag.RecommendedDisplayFrameRateInFloat));
        Assert.Equal(1e300, decoded.GetValue<double>(DicomTag.FrameTimeVector, 1));
        Assert.Equal([DicomTag.PatientID, DicomTag.Status], decoded.GetValues<DicomTag>(DicomTag.OffendingElement));
    }

    [Fact]
    public void NarrowingThatLosesTheValue_IsAnError()
    {
        var dataset = new DicomDataset().Set<uint>(DicomTag.SimpleFrameList, 70000u);
        var error = Assert.Throws<DicomValueException>(() => dataset.GetValue<ushort>(DicomTag.SimpleFrameList));
        Assert.Contains("cannot be read as UInt16", error.Message);
        Assert.Throws<DicomValueException>(() => new DicomDataset().Set<int>(DicomTag.Rows, 70000));
    }

    [Fact]
    public void TextNumbers_ReadAsNumbers()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.ImageOrientationPatient, "1", "0", " 0.5", "-1e-3", "0", "1")
            .Set<int>(DicomTag.SeriesNumber, 42)
            .Set<double>(DicomTag.SliceThickness, 1.0 / 3);

        Assert.Equal(-0.001, dataset.GetValue<double>(DicomTag.ImageOrientationPatient, 3));
        Assert.Equal(6, dataset.GetValueCount(DicomTag.ImageOrientationPatient));
        Assert.Equal("42", dataset.GetString(DicomTag.SeriesNumber));
        Assert.True(dataset.GetString(DicomTag.SliceThickness).Length <= 16);
        Assert.Equal(1.0 / 3, dataset.GetValue<double>(DicomTag.SliceThickness), 12);
    }

    [Fact]
    public void DatesAndTimes_FollowPs35()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.StudyDate, new DateOnly(2026, 11, 27))
            .Set(DicomTag.StudyTime, new TimeOnly(13, 5, 9, 250))
            .Set(DicomTag.AcquisitionDateTime, new DateTimeOffset(2026, 11, 27, 13, 5, 9, TimeSpan.FromHours(-5)))
            .Set(DicomTag.ContentTime, DicomVR.TM, "1305");

        Assert.Equal("20261127", dataset.GetString(DicomTag.StudyDate));
        Assert.Equal("130509.250000", dataset.GetString(DicomTag.StudyTime));
        Assert.Equal("20261127130509-0500", dataset.GetString(DicomTag.AcquisitionDateTime));
        Assert.Equal(new TimeOnly(13, 5), dataset.GetValue<TimeOnly>(DicomTag.ContentTime));
        Assert.Equal(TimeSpan.FromHours(-5), dataset.GetValue<DateTimeOffset>(DicomTag.AcquisitionDateTime).Offset);
        Assert.Equal(new DateOnly(2026, 11, 27), dataset.GetValue<DateOnly>(DicomTag.StudyDate));
    }

    [Fact]
    public void TextRules_AreEnforcedWhenSetting()
    {
        var dataset = new DicomDataset();
        Assert.Throws<DicomValueException>(() => dataset.Set(DicomTag.PatientID, "a\\b"));
        Assert.Throws<DicomValueException>(() => dataset.Set(DicomTag.RetrieveAETitle, "THIS_AE_TITLE_IS_TOO_LONG"));
        Assert.Throws<DicomValueException>(() => dataset.Set(new DicomTag(0x0009, 0x1001), "unknown private"));
    }

    [Fact]
    public void TryGetAndDefaults_TreatOnlyAbsenceAsNoValue()
    {
        var dataset = new DicomDataset().Set(DicomTag.PatientID, Array.Empty<string>()).Set(DicomTag.SeriesNumber, DicomVR.IS, "x");

        Assert.False(dataset.TryGetValue<string>(DicomTag.PatientID, out _));
        Assert.Equal(7, dataset.GetValueOrDefault(DicomTag.InstanceNumber, 7));
        Assert.Throws<DicomValueException>(() => dataset.TryGetValue<int>(DicomTag.SeriesNumber, out _));
    }

    [Fact]
    public void ValueIndexOutOfRange_SaysHowManyThereAre()
    {
        var dataset = new DicomDataset().Set<ushort>(DicomTag.Rows, 1);
        var error = Assert.Throws<DicomValueException>(() => dataset.GetValue<ushort>(DicomTag.Rows, 3));
        Assert.Contains("has 1 value(s); value #4 was asked for", error.Message);
    }

    [Fact]
    public void SequenceAsValue_IsAClearError()
    {
        var dataset = DatasetSamples.CommitmentResult();
        var error = Assert.Throws<DicomValueException>(() => dataset.GetString(DicomTag.ReferencedSOPSequence));
        Assert.Contains("is a sequence", error.Message);
    }
}
