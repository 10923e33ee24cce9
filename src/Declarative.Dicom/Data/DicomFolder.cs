using Declarative.Dicom.Data.Json;

namespace Declarative.Dicom.Data;

/// <summary>
/// Datasets kept as files, one each, in a folder: DICOM files (.dcm, and .wl as DCMTK's worklist servers keep items) or
/// DICOM JSON (.json, PS3.18 F). Read one at a time as they are enumerated, so that memory holds one whatever their number
/// and a change to the folder is seen by the next enumeration.
/// </summary>
public static class DicomFolder
{
    /// <summary>The datasets of the folder's files, in name order; a file that cannot be read is given to <paramref name="unreadable"/> and skipped.</summary>
    public static IEnumerable<(string File, DicomDataset Dataset)> Read(string folder, Action<string, Exception>? unreadable = null)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            DicomDataset? dataset = null;
            try
            {
                dataset = Path.GetExtension(file).ToLowerInvariant() switch
                {
                    ".wl" or ".dcm" => DicomFile.Open(file).Dataset,
                    ".json" => DicomJsonReader.Read(File.ReadAllText(file)),
                    _ => null,
                };
            }
            catch (Exception ex) when (ex is DicomDataException or IOException or System.Text.Json.JsonException)
            {
                unreadable?.Invoke(file, ex);
            }

            if (dataset is not null)
            {
                yield return (file, dataset);
            }
        }
    }
}
