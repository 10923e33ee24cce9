using System.Globalization;

namespace Declarative.Dicom.Data;

/// <summary>
/// A DICOM attribute tag (group, element), PS3.5 section 7.1. Stored as one 32-bit value so that
/// ordering and equality are a single integer comparison.
/// </summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element) => Value = ((uint)group << 16) | element;

    public DicomTag(uint value) => Value = value;

    /// <summary>The tag as (group &lt;&lt; 16) | element.</summary>
    public uint Value { get; }

    public ushort Group => (ushort)(Value >> 16);

    public ushort Element => (ushort)Value;

    /// <summary>Private tags have an odd group number (PS3.5 section 7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008;

    /// <summary>Group length elements (gggg,0000) are deprecated outside the command set.</summary>
    public bool IsGroupLength => Element == 0;

    /// <summary>The keyword of this tag in the data dictionary, or null if the dictionary does not know it.</summary>
    public string? Keyword => DicomDictionary.Lookup(this)?.Keyword;

    /// <summary>Parses "(0008,0016)", "0008,0016" or "00080016".</summary>
    public static DicomTag Parse(string text)
    {
        if (TryParse(text, out var tag))
        {
            return tag;
        }

        throw new FormatException($"'{text}' is not a DICOM tag; expected (gggg,eeee) or ggggeeee in hexadecimal.");
    }

    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (text is null)
        {
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith('(') && s.EndsWith(')'))
        {
            s = s[1..^1];
        }

        s = s.Replace(",", string.Empty);
        if (s.Length != 8 || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        tag = new DicomTag(value);
        return true;
    }

    public bool Equals(DicomTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator ==(DicomTag left, DicomTag right) => left.Value == right.Value;

    public static bool operator !=(DicomTag left, DicomTag right) => left.Value != right.Value;

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <summary>"(0008,0016)", the form PS3 and DCMTK print.</summary>
    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>"(0008,0016) SOPClassUID" when the keyword is known; for messages that a person reads.</summary>
    public string ToDisplayString()
    {
        var keyword = Keyword;
        return keyword is null ? ToString() : $"{ToString()} {keyword}";
    }

    /// <summary>Item, item delimitation and sequence delimitation tags (PS3.5 section 7.5).</summary>
    public static DicomTag Item => new(0xFFFEE000);

    public static DicomTag ItemDelimitationItem => new(0xFFFEE00D);

    public static DicomTag SequenceDelimitationItem => new(0xFFFEE0DD);
}
