using System.Collections.Frozen;

namespace Declarative.Dicom.Data;

/// <summary>
/// The data dictionary of PS3.6, generated from a machine-readable copy of the standard by
/// tools/generate-dictionary.cs. Built once on first use; lookups are a frozen-dictionary probe.
/// </summary>
public static partial class DicomDictionary
{
    private static readonly Lazy<Tables> Data = new(Build);

    /// <summary>Every public attribute the dictionary knows.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => Data.Value.All;

    /// <summary>The entry for a tag, including repeating groups (60xx) and private-creator elements; null if unknown.</summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        var tables = Data.Value;
        if (tables.ByTag.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        foreach (var masked in tables.Masked)
        {
            if (masked.Matches(tag))
            {
                return masked;
            }
        }

        if (tag.IsPrivate && tag.Element is >= 0x0010 and <= 0x00FF)
        {
            return PrivateCreator;
        }

        if (tag.IsGroupLength)
        {
            return GroupLength;
        }

        return null;
    }

    public static DicomDictionaryEntry? Lookup(string keyword) =>
        Data.Value.ByKeyword.TryGetValue(keyword, out var entry) ? entry : null;

    /// <summary>The VR to decode a tag with when the transfer syntax does not carry one; UN if unknown.</summary>
    public static DicomVR ImplicitVR(DicomTag tag) => Lookup(tag)?.VR ?? DicomVR.UN;

    private static readonly DicomDictionaryEntry PrivateCreator = new(0x00090010, 0xFFFFFFFF, "PrivateCreator", DicomVR.LO, null, "1", false);

    private static readonly DicomDictionaryEntry GroupLength = new(0x00000000, 0xFFFFFFFF, "GenericGroupLength", DicomVR.UL, null, "1", true);

    private static Tables Build()
    {
        var all = CreateEntries();
        var byTag = all.Where(e => e.Mask == 0xFFFFFFFF).ToFrozenDictionary(e => e.Tag.Value);
        var byKeyword = all.ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal);
        var masked = all.Where(e => e.Mask != 0xFFFFFFFF).ToArray();
        return new Tables(all, byTag, byKeyword, masked);
    }

    private sealed record Tables(
        DicomDictionaryEntry[] All,
        FrozenDictionary<uint, DicomDictionaryEntry> ByTag,
        FrozenDictionary<string, DicomDictionaryEntry> ByKeyword,
        DicomDictionaryEntry[] Masked);
}
