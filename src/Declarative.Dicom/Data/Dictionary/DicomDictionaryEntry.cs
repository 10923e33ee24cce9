namespace Declarative.Dicom.Data;

/// <summary>One attribute of PS3.6: tag (or repeating-group pattern), keyword, VR, VM, retired flag.</summary>
public sealed class DicomDictionaryEntry
{
    public DicomDictionaryEntry(uint tag, uint mask, string keyword, DicomVR vr, DicomVR? alternativeVR, string valueMultiplicity, bool retired)
    {
        Tag = new DicomTag(tag);
        Mask = mask;
        Keyword = keyword;
        VR = vr;
        AlternativeVR = alternativeVR;
        ValueMultiplicity = valueMultiplicity;
        IsRetired = retired;
    }

    /// <summary>The tag; for a repeating group such as (60xx,0010) the lowest one.</summary>
    public DicomTag Tag { get; }

    /// <summary>Bits of a tag that must equal <see cref="Tag"/>; 0xFFFFFFFF for ordinary entries.</summary>
    public uint Mask { get; }

    public string Keyword { get; }

    /// <summary>The VR to use when the encoding does not say (Implicit VR Little Endian).</summary>
    public DicomVR VR { get; }

    /// <summary>The other VR allowed where PS3.6 lists two (US or SS, OB or OW).</summary>
    public DicomVR? AlternativeVR { get; }

    public string ValueMultiplicity { get; }

    public bool IsRetired { get; }

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;

    public override string ToString() => $"{Tag} {VR} {Keyword}";
}
