using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>A Type 1 attribute that the standard requires is absent or empty.</summary>
public sealed class DicomRequiredAttributeException : DicomDataException
{
    public DicomRequiredAttributeException(DicomTag tag, string context)
        : base($"{context} requires {tag.ToDisplayString()} (Type 1), but it is absent or empty.") => Tag = tag;

    public DicomTag Tag { get; }
}
