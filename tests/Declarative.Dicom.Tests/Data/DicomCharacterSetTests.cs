using System.Text;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

public class DicomCharacterSetTests
{
    [Fact]
    public void Utf8Names_RoundTripWhenIsoIr192IsDeclared()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .Set(DicomTag.PatientName, "Müller^Jürgen=山田^太郎");

        var bytes = dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian);
        var decoded = DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("山田")) > 0);
        Assert.Equal("Müller^Jürgen=山田^太郎", decoded.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void ItemsInheritTheCharacterSetOfTheirDataset()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .SetSequence(DicomTag.ReferencedPatientSequence, new DicomDataset().Set(DicomTag.PatientName, "Ωmega"));

        var decoded = DicomDataset.Decode(dataset.Encode(DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal("Ωmega", decoded.GetSequence(DicomTag.ReferencedPatientSequence)[0].GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Latin1_DecodesWhenDeclared()
    {
        var bytes = BuildPatientName("ISO_IR 100", [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]);
        Assert.Equal("Müller", DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian).GetString(DicomTag.PatientName));
    }

    [Fact]
    public void NonAsciiBytesWithoutCharacterSet_AreAnErrorNotGarbage()
    {
        var bytes = BuildPatientName(null, [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]);
        var dataset = DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);

        var error = Assert.Throws<DicomCharacterSetException>(() => dataset.GetString(DicomTag.PatientName));
        Assert.Contains("(0010,0010) PatientName", error.Message);
        Assert.Contains("0xFC", error.Message);
    }

    [Fact]
    public void Iso2022EscapeSequences_AreRefusedClearly()
    {
        var bytes = BuildPatientName("ISO 2022 IR 87", [0x1B, 0x24, 0x42, 0x3B, 0x33]);
        var dataset = DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);

        var error = Assert.Throws<DicomCharacterSetException>(() => dataset.GetString(DicomTag.PatientName));
        Assert.Contains("ISO 2022", error.Message);
    }

    [Fact]
    public void WritingNonAsciiWithoutCharacterSet_TellsWhatToSet()
    {
        var dataset = new DicomDataset().Set(DicomTag.PatientName, "Müller");
        var error = Assert.Throws<DicomCharacterSetException>(() => dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("ISO_IR 192", error.Message);
    }

    [Fact]
    public void UnknownTerm_FailsOnUseNamingTheTerm()
    {
        var bytes = BuildPatientName("ISO_IR 999", "Doe"u8.ToArray());
        var error = Assert.Throws<DicomCharacterSetException>(() => DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian).GetString(DicomTag.PatientName));
        Assert.Contains("'ISO_IR 999' is not supported", error.Message);
    }

    private static byte[] BuildPatientName(string? characterSet, byte[] name)
    {
        var dataset = new DicomDataset();
        if (characterSet is not null)
        {
            dataset.Set(DicomTag.SpecificCharacterSet, characterSet);
        }

        dataset.SetBytes(DicomTag.PatientName, DicomVR.PN, name);
        return dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian);
    }
}
