using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Dcmtk;

/// <summary>
/// Our codecs against DCMTK's: files we write are read by dcmdump/dcm2json exactly as we meant them,
/// and files dump2dcm writes are read by us exactly as dcm2json reads them.
/// </summary>
public class DcmtkDatasetCrossCheckTests
{
    public static TheoryData<string, bool> OurEncodings => new()
    {
        { DicomTransferSyntax.ImplicitVRLittleEndian.Uid, false },
        { DicomTransferSyntax.ImplicitVRLittleEndian.Uid, true },
        { DicomTransferSyntax.ExplicitVRLittleEndian.Uid, false },
        { DicomTransferSyntax.ExplicitVRLittleEndian.Uid, true },
        { DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid, false },
    };

    [Theory]
    [MemberData(nameof(OurEncodings))]
    public void FilesWeWrite_AreReadByDcmtkAsWeMeantThem(string syntaxUid, bool undefinedLengths)
    {
        using var temp = new TempDirectory();
        var dataset = RichDataset();
        var path = temp.File("ours.dcm");
        using (var stream = File.Create(path))
        {
            DicomFile.Create(dataset, DicomTransferSyntax.Lookup(syntaxUid)).WriteTo(stream, new DicomWriteOptions { UndefinedLengthSequences = undefinedLengths });
        }

        var dump = ExternalTool.Run("dcmdump", "+L", path).EnsureSuccess("dcmdump");
        Assert.DoesNotContain("E:", dump.StandardError);
        Assert.DoesNotContain("W:", dump.StandardError);
        Assert.Contains("(0010,0010) PN [Müller^Jürgen=山田^太郎]", dump.StandardOutput);
        Assert.Contains(undefinedLengths ? "(Sequence with undefined length #=2)" : "(Sequence with explicit length #=2)", dump.StandardOutput);

        var dcmtkJson = ExternalTool.Run("dcm2json", path).EnsureSuccess("dcm2json").StandardOutput;
        JsonEquivalence.AssertEquivalent(dcmtkJson, DicomJsonWriter.Write(dataset));
    }

    public static TheoryData<string, string, string> DcmtkEncodings => new()
    {
        { "+ti", "+e", "-g" },
        { "+ti", "-e", "+g" },
        { "+te", "+e", "+g" },
        { "+te", "-e", "-g" },
        { "+td", "+e", "-g" },
    };

    [Theory]
    [MemberData(nameof(DcmtkEncodings))]
    public void FilesDcmtkWrites_AreReadByUsAsDcmtkReadsThem(string syntaxOption, string lengthOption, string groupLengthOption)
    {
        using var temp = new TempDirectory();
        var dumpPath = temp.File("in.dump");
        var path = temp.File("dcmtk.dcm");
        File.WriteAllText(dumpPath, RichDump);
        ExternalTool.Run("dump2dcm", syntaxOption, lengthOption, groupLengthOption, dumpPath, path).EnsureSuccess("dump2dcm");

        var file = DicomFile.Open(path);

        Assert.Equal("Müller^Jürgen=山田^太郎", file.Dataset.GetString(DicomTag.PatientName));
        var failed = file.Dataset.GetSequence(DicomTag.FailedSOPSequence);
        Assert.Equal((ushort)0x0112, failed[0].GetValue<ushort>(DicomTag.FailureReason));
        Assert.Equal("ODD", file.Dataset.GetString(DicomTag.PatientID));
        var dcmtkJson = ExternalTool.Run("dcm2json", path).EnsureSuccess("dcm2json").StandardOutput;
        JsonEquivalence.AssertEquivalent(dcmtkJson, DicomJsonWriter.Write(file.Dataset));
    }

    [Fact]
    public void DatasetWithoutMetaInformation_IsReadByDcmdumpInTheSyntaxWeChose()
    {
        using var temp = new TempDirectory();
        var path = temp.File("raw.bin");
        File.WriteAllBytes(path, RichDataset().Encode(DicomTransferSyntax.ImplicitVRLittleEndian));

        var dump = ExternalTool.Run("dcmdump", "-f", "-ti", "+L", path).EnsureSuccess("dcmdump");

        Assert.Contains("(0008,1197) US 274", dump.StandardOutput);
        Assert.Contains("(0008,1195) UI [1.2.826.0.1.3680043.2.1125.1]", dump.StandardOutput);
    }

    /// <summary>The shape of a storage commitment report, plus one value of each VR family and the traps: UTF-8 names, odd lengths, empty Type 2.</summary>
    private static DicomDataset RichDataset()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .Set(DicomTag.SOPClassUID, "1.2.840.10008.1.20.1")
            .Set(DicomTag.SOPInstanceUID, "1.2.840.10008.1.20.1.1")
            .Set(DicomTag.StudyDate, new DateOnly(2026, 11, 27))
            .Set(DicomTag.StudyTime, new TimeOnly(10, 30, 5))
            .Set(DicomTag.TransactionUID, "1.2.826.0.1.3680043.2.1125.1")
            .Set(DicomTag.RetrieveAETitle, "ODDAE")
            .Set(DicomTag.AccessionNumber, Array.Empty<string>())
            .Set(DicomTag.PatientName, "Müller^Jürgen=山田^太郎")
            .Set(DicomTag.PatientID, "ODD")
            .Set<int>(DicomTag.SeriesNumber, -12)
            .Set(DicomTag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0.5")
            .Set<ushort>(DicomTag.Rows, 512)
            .Set<short>(DicomTag.TagAngleSecondAxis, -2000)
            .Set<uint>(DicomTag.SimpleFrameList, 1u, 4000000000u)
            .Set<float>(DicomTag.RecommendedDisplayFrameRateInFloat, 12.5f)
            .Set<double>(DicomTag.DiffusionBValue, 1000.25)
            .Set<DicomTag>(DicomTag.OffendingElement, DicomTag.PatientID)
            .SetBytes(DicomTag.EncapsulatedDocument, DicomVR.OB, new byte[] { 1, 2, 3, 4, 5, 6 });
        dataset.SetSequence(DicomTag.ReferencedSOPSequence,
            new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2").Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.1"),
            new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2").Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.22")
                .SetSequence(DicomTag.PurposeOfReferenceCodeSequence, new DicomDataset().Set(DicomTag.CodeValue, "121311").Set(DicomTag.CodingSchemeDesignator, "DCM").Set(DicomTag.CodeMeaning, "Lokalisierer – Ω")));
        dataset.SetSequence(DicomTag.FailedSOPSequence,
            new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2").Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.333").Set<ushort>(DicomTag.FailureReason, 0x0112));
        return dataset;
    }

    private const string RichDump = """
        (0008,0005) CS [ISO_IR 192]
        (0008,0016) UI [1.2.840.10008.1.20.1]
        (0008,0018) UI [1.2.840.10008.1.20.1.1]
        (0008,0020) DA [20261127]
        (0008,0050) SH []
        (0008,1195) UI [1.2.826.0.1.3680043.2.1125.1]
        (0008,1198) SQ (Sequence with undefined length)
          (fffe,e000) na (Item with undefined length)
            (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]
            (0008,1155) UI [1.2.3.333]
            (0008,1197) US 274
          (fffe,e00d) na (ItemDelimitationItem)
        (fffe,e0dd) na (SequenceDelimitationItem)
        (0008,1199) SQ (Sequence with undefined length)
          (fffe,e000) na (Item with undefined length)
            (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]
            (0008,1155) UI [1.2.3.1]
            (0040,a170) SQ (Sequence with undefined length)
              (fffe,e000) na (Item with undefined length)
                (0008,0100) SH [121311]
                (0008,0102) SH [DCM]
                (0008,0104) LO [Lokalisierer – Ω]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
          (fffe,e00d) na (ItemDelimitationItem)
        (fffe,e0dd) na (SequenceDelimitationItem)
        (0010,0010) PN [Müller^Jürgen=山田^太郎]
        (0010,0020) LO [ODD]
        (0018,9087) FD 1000.25
        (0020,0011) IS [-12]
        (0020,0037) DS [1\0\0\0\1\0.5]
        (0028,0010) US 512
        (0018,9219) SS -2000
        (0042,0011) OB 01\02\03\04\05\06
        """;
}
