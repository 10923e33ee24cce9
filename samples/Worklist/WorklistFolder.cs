using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;

namespace WorklistSample;

/// <summary>
/// Worklist items kept as files, one item each: DICOM files (.wl or .dcm, as DCMTK's wlmscpfs keeps them) or DICOM JSON
/// (.json, as a RIS may export them). Read one at a time for every query, so that a change to the folder is seen by the
/// next query and memory holds one item, whatever their number.
/// </summary>
public sealed class WorklistFolder(string path)
{
    public string Path { get; } = path;

    /// <summary>The items, read as they are enumerated; a file that cannot be read is reported and skipped.</summary>
    public IEnumerable<(string File, DicomDataset Item)> Items(Action<string, Exception> unreadable)
    {
        foreach (var file in Directory.EnumerateFiles(Path).Order(StringComparer.Ordinal))
        {
            DicomDataset? item = null;
            try
            {
                item = System.IO.Path.GetExtension(file).ToLowerInvariant() switch
                {
                    ".wl" or ".dcm" => DicomFile.Open(file).Dataset,
                    ".json" => DicomJsonReader.Read(File.ReadAllText(file)),
                    _ => null,
                };
            }
            catch (Exception ex) when (ex is DicomDataException or IOException or System.Text.Json.JsonException)
            {
                unreadable(file, ex);
            }

            if (item is not null)
            {
                yield return (file, item);
            }
        }
    }
}
