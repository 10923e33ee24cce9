using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

public class DicomDictionaryTests
{
    [Fact]
    public void KnowsTheWholeOfPs36()
    {
        // PS3.6-2022b has close to 5,000 public attributes; a truncated table would be far below.
        Assert.True(DicomDictionary.Entries.Count > 4900, $"only {DicomDictionary.Entries.Count} entries");
    }

    [Theory]
    [InlineData(0x00080016u, "SOPClassUID", "UI", "1")]
    [InlineData(0x00081199u, "ReferencedSOPSequence", "SQ", "1")]
    [InlineData(0x00081197u, "FailureReason", "US", "1")]
    [InlineData(0x00000900u, "Status", "US", "1")]
    [InlineData(0x00001002u, "EventTypeID", "US", "1")]
    [InlineData(0x00200037u, "ImageOrientationPatient", "DS", "6")]
    public void LooksUpByTag(uint tag, string keyword, string vr, string vm)
    {
        var entry = DicomDictionary.Lookup(new DicomTag(tag));
        Assert.NotNull(entry);
        Assert.Equal(keyword, entry.Keyword);
        Assert.Equal(vr, entry.VR.Code);
        Assert.Equal(vm, entry.ValueMultiplicity);
    }

    [Fact]
    public void LooksUpByKeyword() =>
        Assert.Equal(DicomTag.TransactionUID, DicomDictionary.Lookup("TransactionUID")!.Tag);

    [Fact]
    public void ResolvesRepeatingGroups()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x6002, 0x0010));
        Assert.Equal("OverlayRows", entry!.Keyword);
    }

    [Fact]
    public void MarksRetiredAttributes()
    {
        Assert.True(DicomDictionary.Lookup("CommandLengthToEnd")!.IsRetired);
        Assert.False(DicomDictionary.Lookup("PatientName")!.IsRetired);
    }

    [Fact]
    public void TwoVRAttributes_KeepBoth()
    {
        var entry = DicomDictionary.Lookup(DicomTag.SmallestImagePixelValue)!;
        Assert.Same(DicomVR.US, entry.VR);
        Assert.Same(DicomVR.SS, entry.AlternativeVR);
    }

    [Fact]
    public void UnknownPrivateElement_IsUnknownButCreatorIsLO()
    {
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0009, 0x1001)));
        Assert.Same(DicomVR.LO, DicomDictionary.Lookup(new DicomTag(0x0009, 0x0010))!.VR);
        Assert.Same(DicomVR.UN, DicomDictionary.ImplicitVR(new DicomTag(0x0009, 0x1001)));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.20.1", DicomUidKind.SopClass)]
    [InlineData("1.2.840.10008.1.20.1.1", DicomUidKind.WellKnownSopInstance)]
    [InlineData("1.2.840.10008.1.2.1", DicomUidKind.TransferSyntax)]
    [InlineData("1.2.840.10008.3.1.1.1", DicomUidKind.ApplicationContext)]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", DicomUidKind.SopClass)]
    [InlineData("1.2.840.10008.1.1", DicomUidKind.SopClass)]
    public void UidDictionary_ClassifiesUids(string uid, DicomUidKind kind) =>
        Assert.Equal(kind, DicomUidDictionary.Lookup(uid)!.Kind);
}
