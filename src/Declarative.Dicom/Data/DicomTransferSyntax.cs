namespace Declarative.Dicom.Data;

/// <summary>
/// A transfer syntax (PS3.5 section 10). The runtime encodes and decodes the three uncompressed
/// little-endian syntaxes; encapsulated (compressed pixel data) syntaxes decode as Explicit VR
/// Little Endian with the pixel data fragments kept as bytes.
/// </summary>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    private DicomTransferSyntax(string uid, string name, bool explicitVR, bool littleEndian, bool deflated, bool encapsulated)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsLittleEndian = littleEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
    }

    public string Uid { get; }

    public string Name { get; }

    public bool IsExplicitVR { get; }

    public bool IsLittleEndian { get; }

    /// <summary>The dataset (not the file meta information) is compressed with RFC 1951 deflate.</summary>
    public bool IsDeflated { get; }

    /// <summary>Pixel data is encapsulated in fragments (PS3.5 section A.4).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>True when this runtime can read and write datasets in this syntax.</summary>
    public bool IsSupported => IsLittleEndian;

    /// <summary>The default transfer syntax of DICOM; every DIMSE command set uses it.</summary>
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, true, false, false);

    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, true, false, false);

    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, true, false);

    /// <summary>Retired; recognised so that it can be refused by name rather than misread.</summary>
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, false, false, false);

    /// <summary>Finds a transfer syntax by UID. Unknown 1.2.840.10008.1.2.4.x and .5 syntaxes are treated as encapsulated.</summary>
    public static DicomTransferSyntax Lookup(string uid)
    {
        // Called for every received message with a context's UID; TrimEnd('\0', ' ') would allocate its params array each time.
        var trimmed = uid.TrimEnd(UidPadding);
        switch (trimmed)
        {
            case "1.2.840.10008.1.2": return ImplicitVRLittleEndian;
            case "1.2.840.10008.1.2.1": return ExplicitVRLittleEndian;
            case "1.2.840.10008.1.2.1.99": return DeflatedExplicitVRLittleEndian;
            case "1.2.840.10008.1.2.2": return ExplicitVRBigEndian;
        }

        var name = DicomUidDictionary.Lookup(trimmed)?.Keyword ?? trimmed;
        var encapsulated = trimmed.StartsWith("1.2.840.10008.1.2.", StringComparison.Ordinal);
        return new DicomTransferSyntax(trimmed, name, true, true, false, encapsulated);
    }

    /// <summary>What pads a UID or text value to even length on the wire (PS3.5 6.2).</summary>
    internal static readonly char[] UidPadding = ['\0', ' '];

    public bool Equals(DicomTransferSyntax? other) => other is not null && other.Uid == Uid;

    public override bool Equals(object? obj) => Equals(obj as DicomTransferSyntax);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);

    public override string ToString() => $"{Name} [{Uid}]";
}
