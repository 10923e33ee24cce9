using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>A dataset given on the command line as a DICOM JSON file (PS3.18 F.2: an object, or an array of one); what is wrong with it is a usage error naming the option.</summary>
internal static class DicomJsonFiles
{
    public static DicomDataset Read(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{option} {path}: no such file");
        }

        try
        {
            // An object, or an array of one as DICOM JSON files and DICOMweb payloads write datasets.
            return DicomJsonReader.ReadOne(File.ReadAllBytes(path));
        }
        catch (DicomDataException ex)
        {
            throw new UsageException($"{option} {path} is not DICOM JSON: {ex.Message}");
        }
    }
}
