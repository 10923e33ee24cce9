using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

public class DicomTagTests
{
    [Theory]
    [InlineData("(0008,0016)")]
    [InlineData("0008,0016")]
    [InlineData("00080016")]
    public void Parse_AcceptsTheUsualForms(string text) =>
        Assert.Equal(DicomTag.SOPClassUID, DicomTag.Parse(text));

    [Theory]
    [InlineData("(0008,001)")]
    [InlineData("GGGG0016")]
    [InlineData("")]
    public void Parse_RejectsMalformedText(string text) =>
        Assert.Throws<FormatException>(() => DicomTag.Parse(text));

    [Fact]
    public void ToString_UsesTheStandardsNotation()
    {
        Assert.Equal("(0000,0900)", DicomTag.Status.ToString());
        Assert.Equal("(0008,1199) ReferencedSOPSequence", DicomTag.ReferencedSOPSequence.ToDisplayString());
    }

    [Fact]
    public void Ordering_IsGroupThenElement()
    {
        Assert.True(new DicomTag(0x0008, 0xFFFF) < new DicomTag(0x0009, 0x0000));
        Assert.True(DicomTag.Item > DicomTag.PixelData);
    }

    [Fact]
    public void PrivateTags_HaveOddGroups()
    {
        Assert.True(new DicomTag(0x0009, 0x1001).IsPrivate);
        Assert.False(DicomTag.PatientName.IsPrivate);
    }
}
