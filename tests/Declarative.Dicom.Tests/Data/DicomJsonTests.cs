using System.Text.Json;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;

namespace Declarative.Dicom.Tests.Data;

public class DicomJsonTests
{
    [Fact]
    public void Write_FollowsPs318AnnexF()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .Set(DicomTag.PatientName, "Doe^John=ドウ^ジョン")
            .Set(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0")
            .Set<int>(DicomTag.SeriesNumber, 3)
            .Set<ushort>(DicomTag.Rows, 256)
            .Set<DicomTag>(DicomTag.OffendingElement, DicomTag.PatientID)
            .SetBytes(new DicomTag(0x0009, 0x1010), DicomVR.OB, new byte[] { 1, 2, 3, 4 })
            .Set(DicomTag.PatientID, Array.Empty<string>())
            .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset().Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3"));

        using var json = JsonDocument.Parse(DicomJsonWriter.Write(dataset));
        var root = json.RootElement;

        Assert.Equal("Doe^John", root.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("ドウ^ジョン", root.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Ideographic").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("00200037").GetProperty("Value")[0].ValueKind);
        Assert.Equal(3, root.GetProperty("00200011").GetProperty("Value")[0].GetInt32());
        Assert.Equal(256, root.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.Equal("00100020", root.GetProperty("00000901").GetProperty("Value")[0].GetString());
        Assert.Equal("AQIDBA==", root.GetProperty("00091010").GetProperty("InlineBinary").GetString());
        Assert.False(root.GetProperty("00100020").TryGetProperty("Value", out _));
        Assert.Equal("1.2.3", root.GetProperty("00081199").GetProperty("Value")[0].GetProperty("00081155").GetProperty("Value")[0].GetString());
    }

    [Fact]
    public void Read_ThenWrite_GivesTheSameJson()
    {
        const string json = """{"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00081195":{"vr":"UI","Value":["1.2.3"]},"00081198":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.2"]},"00081197":{"vr":"US","Value":[274]}}]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Søren"}]},"00101030":{"vr":"DS","Value":[72.5]}}""";

        var dataset = DicomJsonReader.Read(json);

        Assert.Equal((ushort)274, dataset.GetSequence(DicomTag.FailedSOPSequence)[0].GetValue<ushort>(DicomTag.FailureReason));
        Assert.Equal(json, DicomJsonWriter.Write(dataset));
        var binary = DicomDataset.Decode(dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(json, DicomJsonWriter.Write(binary));
    }

    [Fact]
    public void BulkDataUri_IsRefusedClearly()
    {
        var error = Assert.Throws<DicomValueException>(() => DicomJsonReader.Read("""{"7FE00010":{"vr":"OW","BulkDataURI":"http://x/1"}}"""));
        Assert.Contains("BulkDataURI", error.Message);
    }
}
