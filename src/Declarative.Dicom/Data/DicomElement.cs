namespace Declarative.Dicom.Data;

/// <summary>
/// An element with a value. A decoded element keeps a slice of the received bytes (no copy); an element
/// a program sets from text keeps the text, so that it is encoded with the character set in force when
/// the dataset is written, not when the value was set.
/// </summary>
public sealed class DicomElement : DicomAttribute
{
    // Not readonly: an element of a received dataset is lent again to the next message of its association (DicomDatasetPool).
    private ReadOnlyMemory<byte> _raw;
    private readonly string? _text;

    /// <summary>An element over encoded little-endian bytes (padding included, as on the wire).</summary>
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> raw) : base(tag, vr) => _raw = raw;

    /// <summary>
    /// A text element whose bytes depend on the dataset's Specific Character Set. Multiple values are
    /// joined with backslash, as on the wire.
    /// </summary>
    internal DicomElement(DicomTag tag, DicomVR vr, string text) : base(tag, vr) => _text = text;

    /// <summary>Encapsulated pixel data (undefined length, fragments as items): kept whole, written back as read.</summary>
    internal bool IsEncapsulated { get; set; }

    /// <summary>Points a pooled element at a value of the next received dataset.</summary>
    internal DicomElement Reuse(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> raw)
    {
        Tag = tag;
        VR = vr;
        _raw = raw;
        IsEncapsulated = false;
        return this;
    }

    /// <summary>The unencoded text when the value was set from a string in a character-set sensitive VR.</summary>
    internal string? PendingText => _text;

    /// <summary>
    /// The encoded bytes. For a value set from text this is valid only for VRs whose bytes do not depend
    /// on the character set; otherwise use the dataset's getters, which know the character set.
    /// </summary>
    public ReadOnlyMemory<byte> RawValue => _text is null ? _raw : DicomCharacterSet.Default.Encode(Tag, _text);

    /// <summary>Number of encoded bytes before padding is added.</summary>
    internal ReadOnlyMemory<byte> Encode(DicomCharacterSet charset) =>
        _text is null ? _raw : (VR.IsCharacterSetSensitive ? charset : DicomCharacterSet.Default).Encode(Tag, _text);

    /// <summary>
    /// True when the element holds no value (zero length, or only padding): what a Type 1 check needs to
    /// know, answered from the bytes without decoding them. Space and NUL are single bytes in every
    /// character set this runtime decodes, never part of a multi-byte character.
    /// </summary>
    internal bool IsEmpty
    {
        get
        {
            if (_text is not null)
            {
                return _text.Length == 0;
            }

            return VR.Kind is DicomVRKind.Binary or DicomVRKind.Bulk
                ? _raw.Length < VR.ValueSize
                : LengthWithoutPadding(_raw.Span) == 0;
        }
    }

    internal string DecodeText(DicomCharacterSet charset)
    {
        if (_text is not null)
        {
            return _text;
        }

        var span = _raw.Span;
        var value = span[..LengthWithoutPadding(span)];
        return VR.IsCharacterSetSensitive ? charset.Decode(Tag, value) : DicomCharacterSet.Default.Decode(Tag, value);
    }

    /// <summary>Trailing padding (space for text, NUL for UI) is not part of the value (PS3.5 section 6.2).</summary>
    private static int LengthWithoutPadding(ReadOnlySpan<byte> text)
    {
        var end = text.Length;
        while (end > 0 && (text[end - 1] == 0x20 || text[end - 1] == 0x00))
        {
            end--;
        }

        return end;
    }
}
