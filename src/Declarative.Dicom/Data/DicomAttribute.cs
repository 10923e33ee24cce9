namespace Declarative.Dicom.Data;

/// <summary>An entry of a dataset: either a <see cref="DicomElement"/> holding a value or a <see cref="DicomSequence"/> holding items.</summary>
public abstract class DicomAttribute
{
    private protected DicomAttribute(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    public override string ToString() => $"{Tag.ToDisplayString()} {VR}";
}
