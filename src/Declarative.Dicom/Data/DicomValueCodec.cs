using System.Buffers.Binary;
using System.Globalization;

namespace Declarative.Dicom.Data;

/// <summary>
/// Converts between element bytes and .NET values for each VR (PS3.5 section 6.2). Every conversion
/// that cannot be exact throws a <see cref="DicomValueException"/> naming the tag; none guesses.
/// </summary>
internal static class DicomValueCodec
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Number of values: text values separated by backslash, binary values by their size.</summary>
    public static int CountValues(DicomElement element, DicomCharacterSet charset)
    {
        var vr = element.VR;
        if (vr.Kind is DicomVRKind.Binary or DicomVRKind.Bulk)
        {
            return element.RawValue.Length / vr.ValueSize;
        }

        var text = element.DecodeText(charset);
        if (text.Length == 0)
        {
            return 0;
        }

        return vr.Kind == DicomVRKind.SingleText ? 1 : text.AsSpan().Count('\\') + 1;
    }

    public static string[] SplitText(DicomElement element, DicomCharacterSet charset)
    {
        var text = element.DecodeText(charset);
        if (text.Length == 0)
        {
            return [];
        }

        if (element.VR.Kind == DicomVRKind.SingleText)
        {
            return [text];
        }

        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            // Leading spaces are insignificant in every multi-valued text VR but PN (PS3.5 Table 6.2-1).
            parts[i] = element.VR == DicomVR.PN ? parts[i].TrimEnd(' ') : parts[i].Trim(' ');
        }

        return parts;
    }

    public static T Decode<T>(DicomElement element, DicomCharacterSet charset, int index)
    {
        var vr = element.VR;
        if (vr.Kind is DicomVRKind.Binary or DicomVRKind.Bulk)
        {
            var raw = element.RawValue.Span;
            var count = raw.Length / vr.ValueSize;
            if ((uint)index >= (uint)count)
            {
                throw new DicomValueException(element.Tag, $"has {count} value(s); value #{index + 1} was asked for");
            }

            return DecodeBinary<T>(element.Tag, vr, raw.Slice(index * vr.ValueSize, vr.ValueSize));
        }

        var values = SplitText(element, charset);
        if ((uint)index >= (uint)values.Length)
        {
            throw new DicomValueException(element.Tag, values.Length == 0
                ? "is present but empty"
                : $"has {values.Length} value(s); value #{index + 1} was asked for");
        }

        return DecodeText<T>(element.Tag, vr, values[index]);
    }

    private static T DecodeBinary<T>(DicomTag tag, DicomVR vr, ReadOnlySpan<byte> b)
    {
        object value = vr.Code switch
        {
            "US" or "OW" => BinaryPrimitives.ReadUInt16LittleEndian(b),
            "SS" => BinaryPrimitives.ReadInt16LittleEndian(b),
            "UL" or "OL" => BinaryPrimitives.ReadUInt32LittleEndian(b),
            "SL" => BinaryPrimitives.ReadInt32LittleEndian(b),
            "FL" or "OF" => BinaryPrimitives.ReadSingleLittleEndian(b),
            "FD" or "OD" => BinaryPrimitives.ReadDoubleLittleEndian(b),
            "SV" => BinaryPrimitives.ReadInt64LittleEndian(b),
            "UV" or "OV" => BinaryPrimitives.ReadUInt64LittleEndian(b),
            "AT" => new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(b), BinaryPrimitives.ReadUInt16LittleEndian(b[2..])),
            _ => b[0],
        };
        return ConvertNumber<T>(tag, vr, value);
    }

    private static T ConvertNumber<T>(DicomTag tag, DicomVR vr, object value)
    {
        if (value is T exact)
        {
            return exact;
        }

        try
        {
            if (typeof(T) == typeof(string))
            {
                return (T)(object)(value is IFormattable f ? f.ToString(null, Invariant) : value.ToString()!);
            }

            if (value is DicomTag || typeof(T) == typeof(DicomTag))
            {
                throw new InvalidCastException();
            }

            // Widening or range-checked conversions only: a value that does not fit is an error, not a wrap.
            return (T)Convert.ChangeType(value, typeof(T), Invariant);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException)
        {
            throw new DicomValueException(tag, $"a {vr} value {value} cannot be read as {typeof(T).Name}", ex);
        }
    }

    private static T DecodeText<T>(DicomTag tag, DicomVR vr, string text)
    {
        if (typeof(T) == typeof(string))
        {
            return (T)(object)text;
        }

        try
        {
            object value = typeof(T) switch
            {
                var t when t == typeof(DateOnly) => DicomDateTimeText.ParseDate(text),
                var t when t == typeof(TimeOnly) => DicomDateTimeText.ParseTime(text),
                var t when t == typeof(DateTime) && vr == DicomVR.DA => DicomDateTimeText.ParseDate(text).ToDateTime(TimeOnly.MinValue),
                var t when t == typeof(DateTime) => DicomDateTimeText.ParseDateTime(text).DateTime,
                var t when t == typeof(DateTimeOffset) => DicomDateTimeText.ParseDateTime(text),
                var t when t == typeof(DicomTag) => DicomTag.Parse(text),
                var t when t == typeof(decimal) => decimal.Parse(text, NumberStyles.Float, Invariant),
                var t when t == typeof(double) || t == typeof(float) => double.Parse(text, NumberStyles.Float, Invariant),
                _ when vr == DicomVR.DS => ExactInteger(double.Parse(text, NumberStyles.Float, Invariant)),
                _ => long.Parse(text, NumberStyles.AllowLeadingSign, Invariant),
            };
            return (T)Convert.ChangeType(value, typeof(T), Invariant);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw new DicomValueException(tag, $"the {vr} value '{text}' cannot be read as {typeof(T).Name}", ex);
        }
    }

    private static long ExactInteger(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 9.2e18 ? (long)value : throw new FormatException("not a whole number");

    /// <summary>Builds an element for values of a .NET type in the given VR.</summary>
    public static DicomElement Encode<T>(DicomTag tag, DicomVR vr, ReadOnlySpan<T> values)
    {
        if (vr.Kind is DicomVRKind.Binary or DicomVRKind.Bulk)
        {
            var size = vr.ValueSize;
            var bytes = new byte[values.Length * size];
            for (var i = 0; i < values.Length; i++)
            {
                EncodeBinary(tag, vr, values[i], bytes.AsSpan(i * size, size));
            }

            return new DicomElement(tag, vr, bytes);
        }

        if (vr == DicomVR.SQ)
        {
            throw new DicomValueException(tag, "is a sequence; use SetSequence");
        }

        var texts = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            texts[i] = FormatText(tag, vr, values[i]!);
        }

        return Text(tag, vr, texts);
    }

    /// <summary>A text element; each value is checked against the VR's rules for separators and length.</summary>
    public static DicomElement Text(DicomTag tag, DicomVR vr, IReadOnlyList<string> values)
    {
        if (!vr.IsString)
        {
            var parsed = new string[values.Count];
            for (var i = 0; i < parsed.Length; i++)
            {
                parsed[i] = values[i];
            }

            return EncodeParsedText(tag, vr, parsed);
        }

        if (vr.Kind == DicomVRKind.SingleText && values.Count > 1)
        {
            throw new DicomValueException(tag, $"VR {vr} holds a single value, {values.Count} were given");
        }

        foreach (var value in values)
        {
            if (vr.Kind == DicomVRKind.Text && value.Contains('\\'))
            {
                throw new DicomValueException(tag, $"the {vr} value '{value}' contains a backslash, the value separator");
            }

            if (vr.MaxLength > 0 && vr != DicomVR.PN && value.Length > MaxLength(vr, value))
            {
                throw new DicomValueException(tag, $"the {vr} value is {value.Length} characters long; at most {vr.MaxLength} are allowed");
            }
        }

        var joined = string.Join('\\', values);
        return vr.IsCharacterSetSensitive
            ? new DicomElement(tag, vr, joined)
            : new DicomElement(tag, vr, DicomCharacterSet.Default.Encode(tag, joined));
    }

    /// <summary>Binary VRs set from text (e.g. DICOM JSON or a dump): parse each value as a number or tag.</summary>
    private static DicomElement EncodeParsedText(DicomTag tag, DicomVR vr, string[] values)
    {
        try
        {
            return vr.Code switch
            {
                "AT" => Encode<DicomTag>(tag, vr, values.Select(DicomTag.Parse).ToArray()),
                "FL" or "FD" or "OF" or "OD" => Encode<double>(tag, vr, values.Select(v => double.Parse(v, NumberStyles.Float, Invariant)).ToArray()),
                "UV" or "OV" => Encode<ulong>(tag, vr, values.Select(v => ulong.Parse(v, Invariant)).ToArray()),
                _ => Encode<long>(tag, vr, values.Select(v => long.Parse(v, NumberStyles.AllowLeadingSign, Invariant)).ToArray()),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // A number too large for the VR is as invalid as one that is no number (found by fuzzing the JSON reader).
            throw new DicomValueException(tag, $"'{string.Join('\\', values)}' is not a valid {vr} value", ex);
        }
    }

    private static void EncodeBinary<T>(DicomTag tag, DicomVR vr, T value, Span<byte> target)
    {
        try
        {
            switch (vr.Code)
            {
                case "US" or "OW": BinaryPrimitives.WriteUInt16LittleEndian(target, Convert.ToUInt16(value, Invariant)); break;
                case "SS": BinaryPrimitives.WriteInt16LittleEndian(target, Convert.ToInt16(value, Invariant)); break;
                case "UL" or "OL": BinaryPrimitives.WriteUInt32LittleEndian(target, Convert.ToUInt32(value, Invariant)); break;
                case "SL": BinaryPrimitives.WriteInt32LittleEndian(target, Convert.ToInt32(value, Invariant)); break;
                case "FL" or "OF": BinaryPrimitives.WriteSingleLittleEndian(target, Convert.ToSingle(value, Invariant)); break;
                case "FD" or "OD": BinaryPrimitives.WriteDoubleLittleEndian(target, Convert.ToDouble(value, Invariant)); break;
                case "SV": BinaryPrimitives.WriteInt64LittleEndian(target, Convert.ToInt64(value, Invariant)); break;
                case "UV" or "OV": BinaryPrimitives.WriteUInt64LittleEndian(target, Convert.ToUInt64(value, Invariant)); break;
                case "AT":
                    var at = value is DicomTag t ? t : new DicomTag(Convert.ToUInt32(value, Invariant));
                    BinaryPrimitives.WriteUInt16LittleEndian(target, at.Group);
                    BinaryPrimitives.WriteUInt16LittleEndian(target[2..], at.Element);
                    break;
                default: target[0] = Convert.ToByte(value, Invariant); break;
            }
        }
        catch (Exception ex) when (ex is OverflowException or InvalidCastException or FormatException)
        {
            throw new DicomValueException(tag, $"{value} does not fit VR {vr}", ex);
        }
    }

    private static string FormatText<T>(DicomTag tag, DicomVR vr, T value) => value switch
    {
        string s => s,
        DateOnly d => DicomDateTimeText.FormatDate(d),
        TimeOnly t => DicomDateTimeText.FormatTime(t),
        DateTimeOffset dto => DicomDateTimeText.FormatDateTime(dto),
        DateTime dt when vr == DicomVR.DA => DicomDateTimeText.FormatDate(DateOnly.FromDateTime(dt)),
        DateTime dt when vr == DicomVR.TM => DicomDateTimeText.FormatTime(TimeOnly.FromDateTime(dt)),
        DateTime dt => DicomDateTimeText.FormatDateTime(dt),
        DicomTag t => $"{t.Group:X4}{t.Element:X4}",
        double or float or decimal when vr == DicomVR.DS => FormatDecimalString(tag, Convert.ToDouble(value, Invariant)),
        double or float or decimal when vr == DicomVR.IS => throw new DicomValueException(tag, $"IS holds integers; {value} is not one"),
        IFormattable f => f.ToString(null, Invariant),
        _ => value!.ToString()!,
    };

    /// <summary>DS allows 16 characters; use the shortest exact form, then fewer digits until it fits.</summary>
    private static string FormatDecimalString(DicomTag tag, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new DicomValueException(tag, $"DS cannot hold {value}");
        }

        var text = value.ToString("R", Invariant);
        for (var digits = 15; text.Length > 16 && digits > 0; digits--)
        {
            text = value.ToString("G" + digits, Invariant);
        }

        return text;
    }

    /// <summary>
    /// A DA, TM or DT range ("20261201-20261202") is a query key of up to twice the VR's length plus the hyphen
    /// (PS3.5 Table 6.2-1, "in the context of a Query"); every other value is held to the VR's length.
    /// </summary>
    private static int MaxLength(DicomVR vr, string value) =>
        (vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT) && value.Contains('-') ? 2 * vr.MaxLength + 1 : vr.MaxLength;
}
