namespace Declarative.Dicom.Data;

public sealed partial class DicomDataset
{
    /// <summary>Encodes the dataset (no file meta information) in the given transfer syntax.</summary>
    /// <summary>
    /// A copy that stays valid after the request this dataset came with has been answered (the handler contract:
    /// what a handler receives is lent to it for the call). Encoded and read back, so nothing is shared with the
    /// original, down to the bytes.
    /// </summary>
    public DicomDataset Keep() => Decode(Encode(DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);

    public byte[] Encode(DicomTransferSyntax transferSyntax, DicomWriteOptions? options = null)
    {
        var buffer = new ByteBuffer(1024);
        EncodeInto(buffer, transferSyntax, options);
        return buffer.ToArray();
    }

    /// <summary>Writes the encoded dataset to a stream.</summary>
    public void WriteTo(Stream stream, DicomTransferSyntax transferSyntax, DicomWriteOptions? options = null)
    {
        var buffer = new ByteBuffer(1024);
        EncodeInto(buffer, transferSyntax, options);
        stream.Write(buffer.WrittenSpan);
    }

    internal void EncodeInto(ByteBuffer buffer, DicomTransferSyntax transferSyntax, DicomWriteOptions? options = null)
    {
        if (!transferSyntax.IsSupported)
        {
            throw new NotSupportedException($"Encoding in {transferSyntax} is not supported; use Implicit or Explicit VR Little Endian.");
        }

        if (!transferSyntax.IsDeflated)
        {
            DicomDatasetWriter.Write(buffer, this, transferSyntax.IsExplicitVR, options ?? DicomWriteOptions.Default);
            return;
        }

        var plain = new ByteBuffer(1024);
        DicomDatasetWriter.Write(plain, this, explicitVR: true, options ?? DicomWriteOptions.Default);
        buffer.Write(DeflateCodec.Deflate(plain.WrittenSpan));
    }
}
