using System.Buffers.Binary;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.TestSupport;

/// <summary>
/// A CT instance as large as asked, written as a Part 10 file (Explicit VR Little Endian) with random 16-bit pixels
/// streamed row by row, never held whole. Shared by the interop tests and the benchmarks' large-store profile.
/// </summary>
internal static class LargeCtFile
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>Writes the instance; instances given the same <paramref name="studyInstanceUid"/> are one study (one series), else each is a study of its own.</summary>
    public static void Write(string path, string sopInstanceUid, ushort rows, ushort columns, int seed, string? studyInstanceUid = null)
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SOPClassUID, CtImageStorage).Set(DicomTag.SOPInstanceUID, sopInstanceUid)
            .Set(DicomTag.PatientName, "Large^Instance").Set(DicomTag.PatientID, "L1")
            .Set(DicomTag.StudyInstanceUID, studyInstanceUid ?? sopInstanceUid + ".1").Set(DicomTag.SeriesInstanceUID, (studyInstanceUid ?? sopInstanceUid) + ".2").Set(DicomTag.Modality, "CT")
            .Set<ushort>(DicomTag.SamplesPerPixel, 1).Set(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .Set<ushort>(DicomTag.Rows, rows).Set<ushort>(DicomTag.Columns, columns)
            .Set<ushort>(DicomTag.BitsAllocated, 16).Set<ushort>(DicomTag.BitsStored, 16).Set<ushort>(DicomTag.HighBit, 15).Set<ushort>(DicomTag.PixelRepresentation, 0);
        using var stream = File.Create(path);
        DicomFile.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).WriteTo(stream);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0x0010);
        "OW"u8.CopyTo(header.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)(rows * columns * 2));
        stream.Write(header);
        var row = new byte[columns * 2];
        var random = new Random(seed);
        for (var y = 0; y < rows; y++)
        {
            random.NextBytes(row);
            stream.Write(row);
        }
    }
}
