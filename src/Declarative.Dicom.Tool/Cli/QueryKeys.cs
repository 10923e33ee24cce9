using System.Globalization;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>
/// Query keys written as findscu writes them: <c>PatientName=Do*</c>, <c>PatientID</c> (a return key), <c>(0010,0020)=P1</c>,
/// and keys inside a sequence's item with a path: <c>ScheduledProcedureStepSequence.Modality=CT</c> or
/// <c>(0040,0100)[0].Modality=CT</c>.
/// </summary>
internal static class QueryKeys
{
    public static DicomDataset Parse(IEnumerable<string> keys)
    {
        var identifier = new DicomDataset();
        foreach (var key in keys)
        {
            var equals = key.IndexOf('=');
            var path = (equals < 0 ? key : key[..equals]).Split('.');
            var value = equals < 0 ? null : key[(equals + 1)..];
            var target = identifier;
            for (var i = 0; i < path.Length - 1; i++)
            {
                target = ItemOf(target, Tag(path[i], key));
            }

            var tag = Tag(path[^1], key);
            var entry = DicomDictionary.Lookup(tag);
            if (entry?.VR == DicomVR.SQ)
            {
                if (value is { Length: > 0 })
                {
                    throw new UsageException($"-k {key}: a sequence takes no value; give its item's keys as {path[^1]}.Keyword=value");
                }

                ItemOf(target, tag);
                continue;
            }

            try
            {
                target.Set(tag, value is { Length: > 0 } ? [value] : Array.Empty<string>());
            }
            catch (DicomValueException ex)
            {
                throw new UsageException($"-k {key}: {ex.Message}");
            }
        }

        return identifier;
    }

    /// <summary>The (one) item of a sequence key, made empty on first use: the query's item holds the keys inside.</summary>
    private static DicomDataset ItemOf(DicomDataset dataset, DicomTag tag)
    {
        if (dataset.GetSequenceOrDefault(tag) is { Count: > 0 } sequence)
        {
            return sequence[0];
        }

        var item = new DicomDataset();
        dataset.SetSequence(tag, item);
        return item;
    }

    private static DicomTag Tag(string segment, string key)
    {
        var name = segment.EndsWith("[0]", StringComparison.Ordinal) ? segment[..^3] : segment;
        if (name.Length == 11 && name[0] == '(' && name[5] == ',' && name[10] == ')'
            && uint.TryParse(name[1..5], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var group)
            && uint.TryParse(name[6..10], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var element))
        {
            return new DicomTag((group << 16) | element);
        }

        return DicomDictionary.Lookup(name)?.Tag ?? throw new UsageException($"-k {key}: '{name}' is neither a keyword of the data dictionary nor (gggg,eeee)");
    }
}
