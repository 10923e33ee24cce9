using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

public class DicomFileTests
{
    [Fact]
    public void Part10File_RoundTripsWithMetaInformation()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SOPClassUID, DatasetSamples.CtImageStorage)
            .Set(DicomTag.SOPInstanceUID, "1.2.3.4")
            .Set(DicomTag.PatientID, "P1");
        using var stream = new MemoryStream();
        DicomFile.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).WriteTo(stream);
        var bytes = stream.ToArray();

        Assert.Equal("DICM"u8.ToArray(), bytes[128..132]);
        var file = DicomFile.Parse(bytes);
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("1.2.3.4", file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
        Assert.Equal(DicomImplementation.ClassUid, file.FileMetaInformation.GetString(DicomTag.ImplementationClassUID));
        Assert.Equal("P1", file.Dataset.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void NotAPart10File_IsRefused()
    {
        var error = Assert.Throws<DicomDecodeException>(() => DicomFile.Parse(new byte[200]));
        Assert.Contains("DICM", error.Message);
    }

    [Fact]
    public void UidGeneration_GivesValidUniqueUids()
    {
        var a = DicomUid.Generate();
        var b = DicomUid.Generate();
        Assert.NotEqual(a, b);
        Assert.True(DicomUid.IsValid(a), a);
        Assert.StartsWith("2.25.", a);
        Assert.False(DicomUid.IsValid("1.02.3"));
        Assert.False(DicomUid.IsValid("1..2"));
        Assert.True(DicomUid.IsValid(DicomImplementation.ClassUid));
    }
}
