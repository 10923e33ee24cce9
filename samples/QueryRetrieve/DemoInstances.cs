using Declarative.Dicom;
using Declarative.Dicom.Data;

namespace QueryRetrieveSample;

/// <summary>Two patients, three studies, small CT images: a folder to try the SCP with when none is given.</summary>
public static class DemoInstances
{
    public static string WriteFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "declarative-dicom-qr-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        (string Patient, string Id, string Date, int Images)[] studies = [("Doe^Jane", "PID1", "20261201", 3), ("Doe^Jane", "PID1", "20261202", 2), ("Roe^Richard", "PID2", "20261203", 2)];
        foreach (var (patient, id, date, images) in studies)
        {
            var study = DicomUid.Generate();
            var series = DicomUid.Generate();
            for (var i = 1; i <= images; i++)
            {
                var instance = DicomUid.Generate();
                var dataset = new DicomDataset()
                    .Set(DicomTag.SOPClassUID, SopClass.CTImageStorage)
                    .Set(DicomTag.SOPInstanceUID, instance)
                    .Set(DicomTag.StudyDate, date)
                    .Set(DicomTag.Modality, "CT")
                    .Set(DicomTag.PatientName, patient)
                    .Set(DicomTag.PatientID, id)
                    .Set(DicomTag.StudyInstanceUID, study)
                    .Set(DicomTag.SeriesInstanceUID, series)
                    .Set(DicomTag.StudyID, "1")
                    .Set<int>(DicomTag.SeriesNumber, 1)
                    .Set<int>(DicomTag.InstanceNumber, i)
                    .Set<ushort>(DicomTag.Rows, 2)
                    .Set<ushort>(DicomTag.Columns, 2)
                    .Set<ushort>(DicomTag.BitsAllocated, 16)
                    .Set<ushort>(DicomTag.BitsStored, 12)
                    .Set<ushort>(DicomTag.HighBit, 11)
                    .Set<ushort>(DicomTag.PixelRepresentation, 0)
                    .Set<ushort>(DicomTag.SamplesPerPixel, 1)
                    .Set(DicomTag.PhotometricInterpretation, "MONOCHROME2")
                    .SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[8]);
                using var file = File.Create(Path.Combine(folder, instance + ".dcm"));
                DicomFile.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).WriteTo(file);
            }
        }

        return folder;
    }
}
