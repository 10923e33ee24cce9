using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;

namespace WorklistSample;

/// <summary>Three scheduled steps for today, written as DICOM JSON into a folder of their own, for a run without --folder.</summary>
public static class DemoItems
{
    public static string WriteFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "declarative-dicom-worklist-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        var today = DateTime.Today.ToString("yyyyMMdd");
        (string Name, string Modality, string Time)[] steps = [("Doe^Jane", "CT", "083000"), ("Roe^Richard", "MR", "100000"), ("Moe^Mary", "CT", "141500")];
        for (var i = 0; i < steps.Length; i++)
        {
            var (name, modality, time) = steps[i];
            var item = new DicomDataset()
                .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192")
                .Set(DicomTag.AccessionNumber, $"ACC{i + 1}")
                .Set(DicomTag.PatientName, name)
                .Set(DicomTag.PatientID, $"PID{i + 1}")
                .Set(DicomTag.PatientBirthDate, "19700101")
                .Set(DicomTag.PatientSex, "O")
                .Set(DicomTag.StudyInstanceUID, $"2.25.{Environment.ProcessId}{i + 1}")
                .Set(DicomTag.RequestedProcedureID, $"RP{i + 1}")
                .Set(DicomTag.RequestedProcedureDescription, $"{modality} examination");
            item.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset()
                .Set(DicomTag.Modality, modality)
                .Set(DicomTag.ScheduledStationAETitle, modality + "01")
                .Set(DicomTag.ScheduledProcedureStepStartDate, today)
                .Set(DicomTag.ScheduledProcedureStepStartTime, time)
                .Set(DicomTag.ScheduledPerformingPhysicianName, "Welby^Marcus")
                .Set(DicomTag.ScheduledProcedureStepDescription, $"{modality} step")
                .Set(DicomTag.ScheduledProcedureStepID, $"SPS{i + 1}"));
            File.WriteAllText(Path.Combine(folder, $"item{i + 1}.json"), DicomJsonWriter.Write(item));
        }

        return folder;
    }
}
