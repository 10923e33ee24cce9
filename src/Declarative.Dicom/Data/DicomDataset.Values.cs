namespace Declarative.Dicom.Data;

/// <summary>
/// Typed reading and writing of values. Getters throw <see cref="DicomElementMissingException"/> for an
/// absent element and <see cref="DicomValueException"/> for a value that cannot be read as asked;
/// the Try/OrDefault forms treat only absence and emptiness as "no value".
/// </summary>
public sealed partial class DicomDataset
{
    /// <summary>The whole text of a string element (all values joined by backslash), padding removed.</summary>
    public string GetString(DicomTag tag)
    {
        var element = GetElement(tag);
        // UN is what a private text element becomes in Implicit VR without a dictionary entry: read it as text when asked to.
        if (!element.VR.IsString && element.VR != DicomVR.UN)
        {
            throw new DicomValueException(tag, $"has VR {element.VR}, which is not text; use GetValue<T>");
        }

        return element.DecodeText(CharacterSet);
    }

    public string? GetStringOrDefault(DicomTag tag, string? defaultValue = null) =>
        Find(tag) is DicomElement { VR: var vr } && (vr.IsString || vr == DicomVR.UN) ? GetString(tag) : defaultValue;

    /// <summary>The values of a string element, split at backslashes (not for LT, ST, UT, UR, which hold one value).</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var element = GetElement(tag);
        return element.VR.IsString ? DicomValueCodec.SplitText(element, CharacterSet) : GetValues<string>(tag);
    }

    /// <summary>
    /// Value number <paramref name="index"/> converted to <typeparamref name="T"/>: string, the integer
    /// and floating types, decimal, DicomTag, DateOnly, TimeOnly, DateTime, DateTimeOffset.
    /// </summary>
    public T GetValue<T>(DicomTag tag, int index = 0) => DicomValueCodec.Decode<T>(GetElement(tag), CharacterSet, index);

    public T[] GetValues<T>(DicomTag tag)
    {
        var element = GetElement(tag);
        var count = DicomValueCodec.CountValues(element, CharacterSet);
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = DicomValueCodec.Decode<T>(element, CharacterSet, i);
        }

        return values;
    }

    /// <summary>False when the element is absent or empty; a malformed value still throws, never reads as "absent".</summary>
    public bool TryGetValue<T>(DicomTag tag, out T value)
    {
        if (Find(tag) is DicomElement element && DicomValueCodec.CountValues(element, CharacterSet) > 0)
        {
            value = DicomValueCodec.Decode<T>(element, CharacterSet, 0);
            return true;
        }

        value = default!;
        return false;
    }

    public T GetValueOrDefault<T>(DicomTag tag, T defaultValue) => TryGetValue<T>(tag, out var value) ? value : defaultValue;

    public int GetValueCount(DicomTag tag) =>
        Find(tag) switch
        {
            DicomElement element => DicomValueCodec.CountValues(element, CharacterSet),
            DicomSequence sequence => sequence.Count,
            _ => 0,
        };

    public DicomSequence GetSequence(DicomTag tag) =>
        Get(tag) as DicomSequence ?? throw new DicomValueException(tag, "is not a sequence");

    public DicomSequence? GetSequenceOrDefault(DicomTag tag) => Find(tag) as DicomSequence;

    /// <summary>The encoded bytes of an element (for OB, OW, UN and friends), padding included.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag) => GetElement(tag).Encode(CharacterSet);

    /// <summary>Sets text values; the VR comes from the data dictionary.</summary>
    public DicomDataset Set(DicomTag tag, params string[] values) => Set(tag, DictionaryVR(tag), values);

    public DicomDataset Set(DicomTag tag, DicomVR vr, params string[] values) => Add(DicomValueCodec.Text(tag, vr, values));

    /// <summary>Sets numeric, tag, date or time values, converted to the VR from the data dictionary.</summary>
    public DicomDataset Set<T>(DicomTag tag, params T[] values) where T : struct => Set(tag, DictionaryVR(tag), values);

    public DicomDataset Set<T>(DicomTag tag, DicomVR vr, params T[] values) where T : struct =>
        Add(DicomValueCodec.Encode<T>(tag, vr, values));

    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) => Add(new DicomElement(tag, vr, value));

    /// <summary>Sets a sequence; returns this dataset. Items become children of this dataset (they inherit its character set).</summary>
    public DicomDataset SetSequence(DicomTag tag, params DicomDataset[] items) => Add(new DicomSequence(tag, items));

    private DicomElement GetElement(DicomTag tag) =>
        Get(tag) as DicomElement ?? throw new DicomValueException(tag, "is a sequence, not a value; use GetSequence");

    private static DicomVR DictionaryVR(DicomTag tag) =>
        DicomDictionary.Lookup(tag)?.VR
        ?? throw new DicomValueException(tag, "is not in the data dictionary; pass its VR explicitly");
}
