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

    /// <summary>
    /// One dataset from UTF-8 DICOM JSON: an object, or an array of one as DICOMweb payloads write datasets. Whatever is
    /// not (JSON that is malformed or too deep, another shape) is a <see cref="DicomDataException"/> that says why.
    /// </summary>
    public static DicomDataset ReadOne(ReadOnlySpan<byte> utf8Json) =>
        ReadAll(utf8Json) is [var one] ? one : throw new DicomDataException("The DICOM JSON holds an array of more or fewer than one dataset.");

    /// <summary>The datasets of a DICOM JSON array (a search's matches), or the one of an object.</summary>
    public static IReadOnlyList<DicomDataset> ReadAll(ReadOnlySpan<byte> utf8Json)
    {
        // The JSON reader checks strings' UTF-8 only when one is read as text, and throws InvalidOperationException then
        // (found by fuzzing the UPS-RS bodies): bytes that are not UTF-8 are refused here, as what they are.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            throw new DicomDataException("Not UTF-8, which DICOM JSON is.");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 2 * DicomDatasetReader.MaxDepth + 4 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray().Select(Read)] : [Read(root)];
        }
        catch (JsonException ex)
        {
            throw new DicomDataException($"Not JSON: {ex.Message}");
        }
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
        // Every shape a peer can send is checked here, so that a wrong one is a DicomDataException naming the
        // attribute, never a FormatException or InvalidOperationException from System.Text.Json (found by fuzzing).
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new DicomDataException($"{tag.ToDisplayString()}: a DICOM JSON attribute is an object, not {json.ValueKind}.");
        }

        if (!json.TryGetProperty("vr", out var vrJson) || vrJson.ValueKind != JsonValueKind.String || vrJson.GetString() is not { } vrCode)
        {
            throw new DicomDataException($"{tag.ToDisplayString()}: DICOM JSON attribute without a \"vr\" string.");
        }

        if (vrCode.Length != 2 || !DicomVR.TryParse((byte)vrCode[0], (byte)vrCode[1], out var vr))
        {
            throw new DicomDataException($"{tag.ToDisplayString()}: '{vrCode}' is not a DICOM value representation.");
        }

        if (json.TryGetProperty("BulkDataURI", out _))
        {
            throw new DicomValueException(tag, "BulkDataURI references are not resolved by this reader; send the value as InlineBinary");
        }

        if (json.TryGetProperty("InlineBinary", out var inline))
        {
            return inline.ValueKind == JsonValueKind.String && inline.TryGetBytesFromBase64(out var bytes)
                ? new DicomElement(tag, vr, bytes)
                : throw new DicomValueException(tag, "InlineBinary is not a base64 string");
        }

        var hasValue = json.TryGetProperty("Value", out var value);
        if (hasValue && value.ValueKind != JsonValueKind.Array)
        {
            throw new DicomValueException(tag, $"\"Value\" is an array in DICOM JSON, not {value.ValueKind}");
        }

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
        string Group(string name) => v.TryGetProperty(name, out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : string.Empty;
        return string.Join('=', Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).TrimEnd('=');
    }
}
