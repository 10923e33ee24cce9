using Declarative.Dicom.Data;

namespace Declarative.Dicom.TestSupport;

/// <summary>A CT image of 2×2 pixels with the identifiers a query or a retrieve looks at: what the tests store, find and move.</summary>
internal static class SmallCtInstance
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static DicomDataset Create(string sopInstanceUid, string studyInstanceUid, string seriesInstanceUid, string patientName, string patientId) =>
        new DicomDataset()
            .Set(DicomTag.SOPClassUID, CtImageStorage)
            .Set(DicomTag.SOPInstanceUID, sopInstanceUid)
            .Set(DicomTag.StudyDate, "20261201")
            .Set(DicomTag.Modality, "CT")
            .Set(DicomTag.PatientName, patientName)
            .Set(DicomTag.PatientID, patientId)
            .Set(DicomTag.StudyInstanceUID, studyInstanceUid)
            .Set(DicomTag.SeriesInstanceUID, seriesInstanceUid)
            .Set<ushort>(DicomTag.Rows, 2)
            .Set<ushort>(DicomTag.Columns, 2)
            .Set<ushort>(DicomTag.BitsAllocated, 16)
            .Set<ushort>(DicomTag.BitsStored, 12)
            .Set<ushort>(DicomTag.HighBit, 11)
            .Set<ushort>(DicomTag.PixelRepresentation, 0)
            .Set<ushort>(DicomTag.SamplesPerPixel, 1)
            .Set(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[8]);
}
