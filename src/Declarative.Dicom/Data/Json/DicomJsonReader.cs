using System.Globalization;
using System.Text.Json;

namespace Declarative.Dicom.Data.Json;

/// <summary>Reads the DICOM JSON Model of PS3.18 section F.2 into a dataset.</summary>
public static class DicomJsonReader
{
    public static DicomDataset Read(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2 * DicomDatasetReader.MaxDepth + 4 });
        return Read(document.RootElement);
    }

    public static DicomDataset Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DicomDataException($"A DICOM JSON dataset is an object, not {root.ValueKind}.");
        }

        var dataset = new DicomDataset();
        foreach (var property in root.EnumerateObject())
        {
            if (!DicomTag.TryParse(property.Name, out var tag))
            {
                throw new DicomDataException($"'{property.Name}' is not a DICOM JSON attribute tag (8 hexadecimal digits).");
            }

            dataset.Add(ReadAttribute(tag, property.Value));
        }

        return dataset;
    }

    private static DicomAttribute ReadAttribute(DicomTag tag, JsonElement json)
    {
        if (!json.TryGetProperty("vr", out var vrJson) || vrJson.GetString() is not { } vrCode)
        {
            throw new DicomDataException($"{tag.ToDisplayString()}: DICOM JSON attribute without \"vr\".");
        }

        var vr = DicomVR.Parse(vrCode);
        if (json.TryGetProperty("BulkDataURI", out _))
        {
            throw new DicomValueException(tag, "BulkDataURI references are not resolved by this reader; send the value as InlineBinary");
        }

        if (json.TryGetProperty("InlineBinary", out var inline))
        {
            return new DicomElement(tag, vr, inline.GetBytesFromBase64());
        }

        var hasValue = json.TryGetProperty("Value", out var value);
        if (vr == DicomVR.SQ)
        {
            var sequence = new DicomSequence(tag);
            if (hasValue)
            {
                foreach (var item in value.EnumerateArray())
                {
                    sequence.Add(Read(item));
                }
            }

            return sequence;
        }

        var texts = new List<string>();
        if (hasValue)
        {
            foreach (var v in value.EnumerateArray())
            {
                texts.Add(ReadValueText(tag, vr, v));
            }
        }

        if (vr.Kind is DicomVRKind.Binary or DicomVRKind.Bulk && texts.Count == 0)
        {
            return new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty);
        }

        return DicomValueCodec.Text(tag, vr, texts);
    }

    private static string ReadValueText(DicomTag tag, DicomVR vr, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => string.Empty,
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.Object when vr == DicomVR.PN => PersonName(v),
        _ => throw new DicomValueException(tag, $"DICOM JSON value of kind {v.ValueKind} is not valid for VR {vr}"),
    };

    private static string PersonName(JsonElement v)
    {
        string Group(string name) => v.TryGetProperty(name, out var g) ? g.GetString() ?? string.Empty : string.Empty;
        return string.Join('=', Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).TrimEnd('=');
    }
}
