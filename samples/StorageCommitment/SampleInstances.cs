using Declarative.Dicom;
using Declarative.Dicom.Data;

namespace StorageCommitmentSample;

/// <summary>Small CT instances for the embedded demo, made on the spot with fresh UIDs.</summary>
public static class SampleInstances
{
    public static IReadOnlyList<DicomDataset> Create(int count)
    {
        var study = DicomUid.Generate();
        var series = DicomUid.Generate();
        return Enumerable.Range(1, count).Select(i => new DicomDataset()
            .Set(DicomTag.SOPClassUID, SopClass.CTImageStorage)
            .Set(DicomTag.SOPInstanceUID, DicomUid.Generate())
            .Set(DicomTag.StudyInstanceUID, study)
            .Set(DicomTag.SeriesInstanceUID, series)
            .Set(DicomTag.Modality, "CT")
            .Set(DicomTag.PatientID, "DEMO-0001")
            .Set(DicomTag.PatientName, "Demo^Patient")
            .Set<int>(DicomTag.InstanceNumber, i)
            .Set<ushort>(DicomTag.Rows, 2)
            .Set<ushort>(DicomTag.Columns, 2)
            .Set<ushort>(DicomTag.BitsAllocated, 16)
            .Set<ushort>(DicomTag.BitsStored, 12)
            .Set<ushort>(DicomTag.HighBit, 11)
            .Set<ushort>(DicomTag.PixelRepresentation, 0)
            .Set<ushort>(DicomTag.SamplesPerPixel, 1)
            .Set(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[8])).ToList();
    }
}
