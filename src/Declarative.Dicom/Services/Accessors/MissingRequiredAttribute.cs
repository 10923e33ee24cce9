namespace Declarative.Dicom;

/// <summary>A Type 1 attribute a received dataset lacks: where (e.g. "(0040,0270) item 1 > (0020,000D)") and whether it was present but empty.</summary>
public readonly record struct MissingRequiredAttribute(string Path, bool IsEmpty)
{
    public override string ToString() => Path;
}
