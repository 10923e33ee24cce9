using System.Globalization;
using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// Query keys written as text — findscu's <c>-k</c> and the query parameters of QIDO-RS and UPS-RS search (PS3.18 8.3.4):
/// <c>PatientName=Do*</c>, <c>PatientID</c> (a return key), <c>(0010,0020)=P1</c> or <c>00100020=P1</c>, and keys inside a
/// sequence's item with a path: <c>ScheduledProcedureStepSequence.Modality=CT</c> or <c>(0040,0100)[0].Modality=CT</c>.
/// </summary>
public static class DicomQueryKeys
{
    /// <summary>The identifier the keys make; a <see cref="FormatException"/> names the key that is wrong.</summary>
    public static DicomDataset Parse(IEnumerable<string> keys) =>
        Parse(keys.Select(key => key.IndexOf('=') is var equals and >= 0 ? (key[..equals], (string?)key[(equals + 1)..]) : (key, null)));

    /// <summary>The identifier of attribute paths and their values (null: a return key).</summary>
    public static DicomDataset Parse(IEnumerable<(string Path, string? Value)> keys)
    {
        var identifier = new DicomDataset();
        foreach (var (key, value) in keys)
        {
            Add(identifier, key, value);
        }

        return identifier;
    }

    /// <summary>Adds one key to <paramref name="identifier"/>.</summary>
    public static void Add(DicomDataset identifier, string key, string? value)
    {
        var path = key.Split('.');
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
                throw new FormatException($"{key}: a sequence takes no value; give its item's keys as {path[^1]}.Keyword=value");
            }

            ItemOf(target, tag);
            return;
        }

        try
        {
            target.Set(tag, value is { Length: > 0 } ? [value] : Array.Empty<string>());
        }
        catch (DicomValueException ex)
        {
            throw new FormatException($"{key}: {ex.Message}", ex);
        }
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
            && uint.TryParse(name.AsSpan(1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var group)
            && uint.TryParse(name.AsSpan(6, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var element))
        {
            return new DicomTag((group << 16) | element);
        }

        if (name.Length == 8 && uint.TryParse(name, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            return new DicomTag(value);
        }

        return DicomDictionary.Lookup(name)?.Tag ?? throw new FormatException($"{key}: '{name}' is neither a keyword of the data dictionary nor a tag");
    }
}
