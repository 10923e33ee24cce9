namespace Declarative.Dicom.Data;

/// <summary>Choices a writer makes where PS3.5 allows more than one encoding.</summary>
public sealed record DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>
    /// Write sequences and items with undefined length and delimiters instead of explicit lengths.
    /// Defined lengths (the default) are what the most peers read without trouble.
    /// </summary>
    public bool UndefinedLengthSequences { get; init; }
}
