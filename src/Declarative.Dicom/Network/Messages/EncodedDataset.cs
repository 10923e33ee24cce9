using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// A dataset already encoded, in a file from <paramref name="Offset"/> to its end: a received C-STORE spooled as it
/// arrived (<paramref name="IsSpool"/>, deleted once answered), or the dataset of a Part 10 file to send.
/// </summary>
internal sealed record EncodedDataset(string Path, long Offset, long Length, DicomTransferSyntax TransferSyntax, bool IsSpool)
{
    /// <summary>The encoded bytes as a stream, positioned at the dataset's start; read sequentially, in pieces.</summary>
    public Stream Open()
    {
        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan | FileOptions.Asynchronous);
        stream.Position = Offset;
        return stream;
    }

    /// <summary>The whole dataset, decoded (lazily) from the file's bytes.</summary>
    public DicomDataset Load()
    {
        using var stream = Open();
        var bytes = new byte[Length];
        stream.ReadExactly(bytes);
        return DicomDataset.Decode(bytes, TransferSyntax);
    }
}
