using System.IO.Compression;

namespace Declarative.Dicom.Data;

/// <summary>Deflated Explicit VR Little Endian (PS3.5 A.5): raw RFC 1951 deflate of the explicit encoding.</summary>
internal static class DeflateCodec
{
    /// <summary>Refuses to inflate past this size, so a small hostile stream cannot claim gigabytes.</summary>
    public const int MaxInflatedBytes = 256 * 1024 * 1024;

    public static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated)
    {
        using var input = new MemoryStream(deflated.ToArray(), writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = inflater.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > MaxInflatedBytes)
                {
                    throw new DicomDecodeException(0, null, $"deflated dataset inflates to more than {MaxInflatedBytes} bytes");
                }

                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DicomDecodeException(0, null, $"deflated dataset is corrupt: {ex.Message}");
        }

        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var deflater = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflater.Write(data);
        }

        return output.ToArray();
    }
}
