using Declarative.Dicom;
using Declarative.Dicom.Data;
using StorageCommitmentSample;

namespace QueryRetrieveSample;

/// <summary>Two patients, three studies of small CT images (the StorageCommitment sample's): a folder to try the SCP with when none is given.</summary>
public static class DemoInstances
{
    public static string WriteFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "declarative-dicom-qr-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        (string Patient, string Id, string Date, int Images)[] studies = [("Doe^Jane", "PID1", "20261201", 3), ("Doe^Jane", "PID1", "20261202", 2), ("Roe^Richard", "PID2", "20261203", 2)];
        foreach (var (patient, id, date, images) in studies)
        {
            foreach (var dataset in SampleInstances.Create(images))
            {
                dataset.Set(DicomTag.PatientName, patient).Set(DicomTag.PatientID, id).Set(DicomTag.StudyDate, date).Set(DicomTag.StudyID, "1").Set<int>(DicomTag.SeriesNumber, 1);
                using var file = File.Create(Path.Combine(folder, dataset.GetString(DicomTag.SOPInstanceUID) + ".dcm"));
                DicomFile.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).WriteTo(file);
            }
        }

        return folder;
    }
}
