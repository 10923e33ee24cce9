namespace Declarative.Dicom;

/// <summary>A Type 1 attribute a received dataset lacks: where (e.g. "(0040,0270) item 1 > (0020,000D)") and whether it was present but empty.</summary>
public readonly record struct MissingRequiredAttribute(string Path, bool IsEmpty)
{
    /// <summary>The innermost attribute of <see cref="Path"/>, for an Error Comment (an LO of 64 characters).</summary>
    public string Innermost => Path[(Path.LastIndexOf('>') + 1)..].Trim();

    public override string ToString() => Path;
}
