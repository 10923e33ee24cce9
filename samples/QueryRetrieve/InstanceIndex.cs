using Declarative.Dicom;
using Declarative.Dicom.Data;

namespace QueryRetrieveSample;

/// <summary>One stored instance: its file, and the attributes a query can match (everything but bulk data).</summary>
public sealed record IndexedInstance(string Path, DicomDataset Keys);

/// <summary>
/// The instances of a folder (and its subfolders), indexed once at start-up: each file is read once and only its
/// non-bulk attributes are kept, so the index holds a few hundred bytes per instance whatever the pixel data's size.
/// </summary>
public sealed class InstanceIndex
{
    private readonly List<IndexedInstance> _instances = [];

    public InstanceIndex(string folder, string retrieveAETitle, Action<string, Exception> unreadable)
    {
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                var keys = new DicomDataset();
                foreach (var attribute in DicomFile.Open(path).Dataset)
                {
                    if (attribute is DicomElement { VR.Kind: DicomVRKind.Bulk } || attribute.Tag.Group == 0x7FE0)
                    {
                        continue;
                    }

                    keys.Add(attribute);
                }

                keys.Set(DicomTag.RetrieveAETitle, retrieveAETitle);
                _instances.Add(new IndexedInstance(path, keys.Keep()));
            }
            catch (Exception ex) when (ex is DicomDataException or IOException)
            {
                unreadable(path, ex);
            }
        }
    }

    public IReadOnlyList<IndexedInstance> Instances => _instances;

    /// <summary>The attribute that tells one entity of a level from another (PS3.4 C.6.1.1).</summary>
    public static DicomTag UniqueKey(string level) => level switch
    {
        QueryModels.Patient => DicomTag.PatientID,
        QueryModels.Study => DicomTag.StudyInstanceUID,
        QueryModels.Series => DicomTag.SeriesInstanceUID,
        _ => DicomTag.SOPInstanceUID,
    };
}
