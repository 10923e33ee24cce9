namespace Declarative.Dicom.Data;

/// <summary>An entry of a dataset: either a <see cref="DicomElement"/> holding a value or a <see cref="DicomSequence"/> holding items.</summary>
public abstract class DicomAttribute
{
    private protected DicomAttribute(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    // Set again only when a received dataset's pool lends the object to the next message (DicomDatasetPool).
    public DicomTag Tag { get; private protected set; }

    public DicomVR VR { get; private protected set; }

    public override string ToString() => $"{Tag.ToDisplayString()} {VR}";
}
