using System.Buffers.Binary;

namespace Declarative.Dicom.Data;

/// <summary>
/// A DICOM Part 10 file (PS3.10 section 7): 128-byte preamble, "DICM", the File Meta Information
/// (group 0002, always Explicit VR Little Endian) and the dataset in the transfer syntax it names.
/// </summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
    }

    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    public DicomTransferSyntax TransferSyntax => DicomTransferSyntax.Lookup(FileMetaInformation.GetString(DicomTag.TransferSyntaxUID));

    /// <summary>Builds the file meta information for a dataset from its SOP Class and Instance UIDs.</summary>
    public static DicomFile Create(DicomDataset dataset, DicomTransferSyntax transferSyntax) =>
        new(MetaInformation(dataset.GetString(DicomTag.SOPClassUID), dataset.GetString(DicomTag.SOPInstanceUID), transferSyntax), dataset);

    /// <summary>
    /// Writes a Part 10 file whose dataset is already encoded in <paramref name="transferSyntax"/> (a spooled C-STORE):
    /// the header, then the bytes as they are, copied in pieces, never held whole.
    /// </summary>
    public static async Task WriteAsync(Stream output, string sopClassUid, string sopInstanceUid, DicomTransferSyntax transferSyntax, Stream encodedDataset,
        CancellationToken cancellationToken = default)
    {
        var header = new ByteBuffer(512);
        WriteHeader(header, MetaInformation(sopClassUid, sopInstanceUid, transferSyntax), null);
        await output.WriteAsync(header.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await encodedDataset.CopyToAsync(output, 81920, cancellationToken).ConfigureAwait(false);
    }

    private static DicomDataset MetaInformation(string sopClassUid, string sopInstanceUid, DicomTransferSyntax transferSyntax) =>
        new DicomDataset()
            .SetBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 })
            .Set(DicomTag.MediaStorageSOPClassUID, sopClassUid)
            .Set(DicomTag.MediaStorageSOPInstanceUID, sopInstanceUid)
            .Set(DicomTag.TransferSyntaxUID, transferSyntax.Uid)
            .Set(DicomTag.ImplementationClassUID, DicomImplementation.ClassUid)
            .Set(DicomTag.ImplementationVersionName, DicomImplementation.VersionName);

    public static DicomFile Open(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Parses a Part 10 file held in memory. The dataset stays lazy; the meta information is read at once.</summary>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes)
    {
        var metaEnd = MetaInformationEnd(bytes.Span, bytes.Length);
        var meta = DecodeMetaInformation(bytes[144..(int)metaEnd]);
        var syntax = DicomTransferSyntax.Lookup(meta.GetString(DicomTag.TransferSyntaxUID));
        var dataset = DicomDataset.Decode(bytes[(int)metaEnd..], syntax);
        return new DicomFile(meta, dataset);
    }

    /// <summary>
    /// Reads only the head of a Part 10 file: its meta information and where its dataset starts, so that the dataset
    /// can be streamed as it is encoded (a large C-STORE) without reading it.
    /// </summary>
    public static DicomFileHeader ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var head = new byte[144];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var metaEnd = MetaInformationEnd(head.AsSpan(0, read), stream.Length);
        var rest = new byte[metaEnd - 144];
        stream.ReadExactly(rest);
        return new DicomFileHeader(DecodeMetaInformation(rest), metaEnd, stream.Length - metaEnd);
    }

    /// <summary>Where the meta information ends, from its group length (PS3.10 7.1), checked against the file's length.</summary>
    private static long MetaInformationEnd(ReadOnlySpan<byte> head, long fileLength)
    {
        if (head.Length < 132 || !head.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            throw new DicomDecodeException(128, null, "not a DICOM Part 10 file: no 'DICM' prefix after the 128-byte preamble");
        }

        if (head.Length < 144 || BinaryPrimitives.ReadUInt32LittleEndian(head[132..]) != 0x00000002)
        {
            throw new DicomDecodeException(132, new DicomTag(0x0002, 0x0000), "file meta information does not start with its group length");
        }

        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(head[140..]);
        var metaEnd = 144L + groupLength;
        if (metaEnd > fileLength || groupLength > MaxMetaInformationLength)
        {
            throw new DicomDecodeException(140, new DicomTag(0x0002, 0x0000), $"group length {groupLength} runs past the end of the file or past {MaxMetaInformationLength} bytes");
        }

        return metaEnd;
    }

    /// <summary>Meta information is a few hundred bytes; a group length past this is a damaged or hostile file, not a bigger header.</summary>
    private const uint MaxMetaInformationLength = 1024 * 1024;

    private static DicomDataset DecodeMetaInformation(ReadOnlyMemory<byte> bytes)
    {
        var meta = DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        _ = meta.Count; // the meta information is small and must be valid to go on
        return meta;
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        WriteTo(stream);
    }

    public void WriteTo(Stream stream, DicomWriteOptions? options = null)
    {
        var buffer = new ByteBuffer(4096);
        WriteHeader(buffer, FileMetaInformation, options);
        Dataset.EncodeInto(buffer, TransferSyntax, options);
        stream.Write(buffer.WrittenSpan);
    }

    /// <summary>The preamble, "DICM" and the file meta information with its group length (PS3.10 7.1).</summary>
    private static void WriteHeader(ByteBuffer buffer, DicomDataset meta, DicomWriteOptions? options)
    {
        buffer.Write(new byte[128]);
        buffer.Write("DICM"u8);
        buffer.WriteUInt32(0x00000002);
        buffer.Write("UL"u8);
        buffer.WriteUInt16(4);
        var lengthAt = buffer.Length;
        buffer.WriteUInt32(0);
        var metaStart = buffer.Length;
        meta.EncodeInto(buffer, DicomTransferSyntax.ExplicitVRLittleEndian, options);
        buffer.PatchUInt32(lengthAt, (uint)(buffer.Length - metaStart));
    }
}
