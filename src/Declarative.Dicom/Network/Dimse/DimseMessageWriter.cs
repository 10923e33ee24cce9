using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Network.Dimse;

/// <summary>
/// Splits an encoded command and dataset into P-DATA-TF PDUs no longer than the peer accepts, one PDV
/// per PDU (PS3.8 9.3.5, E.2): the layout every peer reads. Flushes to the stream in chunks so that a
/// large dataset is not copied whole.
/// </summary>
internal static class DimseMessageWriter
{
    /// <summary>Fragment size when the peer set no limit (maximum length 0).</summary>
    private const int UnlimitedFragment = 1024 * 1024;

    private const int FlushThreshold = 256 * 1024;

    /// <summary>
    /// Appends the message's PDUs to <paramref name="output"/> after whatever it already holds, and writes it all
    /// unless <paramref name="flush"/> is false: then a small message stays in the buffer for the next write
    /// (responses to requests already received go out together, one write instead of one each).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask WriteAsync(Stream stream, ByteBuffer output, byte contextId, ReadOnlyMemory<byte> command,
        ReadOnlyMemory<byte>? dataset, uint peerMaxPduLength, bool flush, CancellationToken cancellationToken)
    {
        var maxFragment = MaxFragment(peerMaxPduLength);
        await WriteFragmentsAsync(stream, output, contextId, command, isCommand: true, maxFragment, cancellationToken).ConfigureAwait(false);
        if (dataset is { } data)
        {
            await WriteFragmentsAsync(stream, output, contextId, data, isCommand: false, maxFragment, cancellationToken).ConfigureAwait(false);
        }

        if (flush)
        {
            await FlushAsync(stream, output, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes a message whose dataset is read from <paramref name="dataset"/> (<paramref name="length"/> bytes), one
    /// fragment at a time straight into the output buffer, flushed every <see cref="FlushThreshold"/> bytes: memory
    /// stays at a few PDUs whatever the dataset's size.
    /// </summary>
    public static async ValueTask WriteAsync(Stream stream, ByteBuffer output, byte contextId, ReadOnlyMemory<byte> command,
        Stream dataset, long length, uint peerMaxPduLength, CancellationToken cancellationToken)
    {
        var maxFragment = MaxFragment(peerMaxPduLength);
        await WriteFragmentsAsync(stream, output, contextId, command, isCommand: true, maxFragment, cancellationToken).ConfigureAwait(false);
        var sent = 0L;
        do
        {
            var fragment = (int)Math.Min(maxFragment, length - sent);
            var lengthAt = PduWriter.StartPdu(output, PduType.PDataTf);
            PduWriter.WritePdvHeader(output, contextId, isCommand: false, sent + fragment == length, fragment);
            await dataset.ReadExactlyAsync(output.GetMemory(fragment)[..fragment], cancellationToken).ConfigureAwait(false);
            output.Advance(fragment);
            PduWriter.EndPdu(output, lengthAt);
            sent += fragment;
            if (output.Length >= FlushThreshold)
            {
                await FlushAsync(stream, output, cancellationToken).ConfigureAwait(false);
            }
        }
        while (sent < length);

        await FlushAsync(stream, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The most dataset or command bytes one PDV may carry: the peer's maximum PDU less the PDV header.</summary>
    private static int MaxFragment(uint peerMaxPduLength) =>
        peerMaxPduLength == 0 ? UnlimitedFragment : (int)Math.Max(1, Math.Min(peerMaxPduLength, int.MaxValue) - 6);

    /// <summary>Writes what the buffer holds, if anything, and empties it.</summary>
    public static async ValueTask FlushAsync(Stream stream, ByteBuffer output, CancellationToken cancellationToken)
    {
        if (output.Length > 0)
        {
            await stream.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
            DicomMetrics.Sent(output.Length);
            output.Clear();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteFragmentsAsync(Stream stream, ByteBuffer output, byte contextId, ReadOnlyMemory<byte> data,
        bool isCommand, int maxFragment, CancellationToken cancellationToken)
    {
        var offset = 0;
        do
        {
            var length = Math.Min(maxFragment, data.Length - offset);
            var last = offset + length == data.Length;
            var lengthAt = PduWriter.StartPdu(output, PduType.PDataTf);
            PduWriter.WritePdvHeader(output, contextId, isCommand, last, length);
            output.Write(data.Span.Slice(offset, length));
            PduWriter.EndPdu(output, lengthAt);
            offset += length;
            if (output.Length >= FlushThreshold)
            {
                await FlushAsync(stream, output, cancellationToken).ConfigureAwait(false);
            }
        }
        while (offset < data.Length);
    }
}
