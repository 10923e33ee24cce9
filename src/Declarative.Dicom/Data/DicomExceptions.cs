namespace Declarative.Dicom.Data;

/// <summary>Base of every error the data layer raises about DICOM content.</summary>
public class DicomDataException : Exception
{
    public DicomDataException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>A required element is absent from a dataset.</summary>
public sealed class DicomElementMissingException : DicomDataException
{
    public DicomElementMissingException(DicomTag tag)
        : base($"The dataset has no element {tag.ToDisplayString()}.") => Tag = tag;

    public DicomTag Tag { get; }
}

/// <summary>An element is present but its value cannot be read as asked (wrong VR, malformed text, index out of range).</summary>
public class DicomValueException : DicomDataException
{
    public DicomValueException(DicomTag tag, string problem, Exception? inner = null)
        : base($"{tag.ToDisplayString()}: {problem}", inner) => Tag = tag;

    public DicomTag Tag { get; }
}

/// <summary>A text value cannot be decoded or encoded in the dataset's Specific Character Set.</summary>
public sealed class DicomCharacterSetException : DicomValueException
{
    public DicomCharacterSetException(DicomTag tag, string problem, Exception? inner = null) : base(tag, problem, inner)
    {
    }
}

/// <summary>
/// Encoded bytes are not a valid dataset. Raised when the dataset is first used (the lazy decode of
/// PS3.5 data, the contract pynetdicom documents for event_information), never as a silent wrong value.
/// </summary>
public sealed class DicomDecodeException : DicomDataException
{
    public DicomDecodeException(long offset, DicomTag? tag, string problem)
        : base(tag is { } t
            ? $"Malformed dataset at byte offset {offset}, element {t.ToDisplayString()}: {problem}"
            : $"Malformed dataset at byte offset {offset}: {problem}")
    {
        Offset = offset;
        Tag = tag;
        Problem = problem;
    }

    /// <summary>What was wrong, without the position.</summary>
    public string Problem { get; }

    /// <summary>Offset from the start of the encoded dataset where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The element being decoded, if its tag had been read.</summary>
    public DicomTag? Tag { get; }
}
