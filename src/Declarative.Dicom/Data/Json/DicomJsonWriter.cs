using System.Globalization;
using System.Text.Json;

namespace Declarative.Dicom.Data.Json;

/// <summary>Writes the DICOM JSON Model of PS3.18 section F.2.</summary>
public static class DicomJsonWriter
{
    public static string Write(DicomDataset dataset, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            // Names in logs and tools read as written; the output is not embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, dataset);
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static void Write(Utf8JsonWriter writer, DicomDataset dataset)
    {
        writer.WriteStartObject();
        foreach (var attribute in dataset)
        {
            if (attribute.Tag.IsGroupLength)
            {
                continue;
            }

            writer.WritePropertyName(attribute.Tag.Value.ToString("X8", CultureInfo.InvariantCulture));
            writer.WriteStartObject();
            writer.WriteString("vr", attribute.VR.Code);
            switch (attribute)
            {
                case DicomSequence sequence:
                    WriteSequence(writer, sequence);
                    break;
                case DicomElement element:
                    WriteElement(writer, dataset, element);
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteSequence(Utf8JsonWriter writer, DicomSequence sequence)
    {
        if (sequence.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("Value");
        foreach (var item in sequence.Items)
        {
            Write(writer, item);
        }

        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        if (vr.Kind == DicomVRKind.Bulk || element.IsEncapsulated)
        {
            if (!element.RawValue.IsEmpty)
            {
                writer.WriteBase64String("InlineBinary", element.RawValue.Span);
            }

            return;
        }

        var count = dataset.GetValueCount(element.Tag);
        if (count == 0)
        {
            return;
        }

        writer.WriteStartArray("Value");
        if (vr.IsString)
        {
            foreach (var text in dataset.GetStrings(element.Tag))
            {
                WriteTextValue(writer, element.Tag, vr, text);
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                WriteBinaryValue(writer, dataset, element, i);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteTextValue(Utf8JsonWriter writer, DicomTag tag, DicomVR vr, string text)
    {
        if (text.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        if (vr == DicomVR.PN)
        {
            // Alphabetic=Ideographic=Phonetic component groups (PS3.18 F.2.2).
            var groups = text.Split('=');
            writer.WriteStartObject();
            string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
            for (var g = 0; g < groups.Length && g < names.Length; g++)
            {
                if (groups[g].Length > 0)
                {
                    writer.WriteString(names[g], groups[g]);
                }
            }

            writer.WriteEndObject();
            return;
        }

        try
        {
            if (vr == DicomVR.IS)
            {
                writer.WriteNumberValue(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                return;
            }

            if (vr == DicomVR.DS)
            {
                writer.WriteNumberValue(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
                return;
            }
        }
        catch (FormatException ex)
        {
            throw new DicomValueException(tag, $"the {vr} value '{text}' is not a number and cannot be written as DICOM JSON", ex);
        }

        writer.WriteStringValue(text);
    }

    private static void WriteBinaryValue(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, int index)
    {
        var tag = element.Tag;
        switch (element.VR.Code)
        {
            case "AT":
                writer.WriteStringValue(dataset.GetValue<DicomTag>(tag, index).Value.ToString("X8", CultureInfo.InvariantCulture));
                break;
            case "FL":
            case "FD":
                var real = dataset.GetValue<double>(tag, index);
                if (!double.IsFinite(real))
                {
                    // JSON has no NaN or infinity; PS3.18 F.2.3.1 leaves these unrepresentable, so say so.
                    writer.WriteStringValue(real.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteNumberValue(real);
                }

                break;
            case "UV":
                writer.WriteNumberValue(dataset.GetValue<ulong>(tag, index));
                break;
            default:
                writer.WriteNumberValue(dataset.GetValue<long>(tag, index));
                break;
        }
    }
}
