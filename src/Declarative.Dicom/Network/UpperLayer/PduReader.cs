using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Binary;

namespace Declarative.Dicom.Network.UpperLayer;

/// <summary>
/// Reads whole PDUs from a transport stream. The 6-byte header is checked before the body is read:
/// an unknown type or a length beyond the limits ends the read with a <see cref="PduException"/> and
/// costs no allocation, however large the declared length. Reads what the socket has in one call, so
/// that a command PDU and a dataset PDU that arrived together cost one receive.
/// </summary>
internal sealed class PduReader : IDisposable
{
    /// <summary>Largest A-ASSOCIATE-RQ/AC accepted: far above 128 contexts with long UIDs and user identity tickets.</summary>
    public const int MaxAssociatePduLength = 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _maxPDataLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _faulted;

    /// <summary>Reads from <paramref name="stream"/>, accepting P-DATA-TF bodies up to <paramref name="maxPDataLength"/> (the maximum length we announced).</summary>
    public PduReader(Stream stream, int maxPDataLength)
    {
        _stream = stream;
        _maxPDataLength = maxPDataLength;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxPDataLength, 64 * 1024) + 6);
    }

    /// <summary>
    /// Reads the next PDU. The body is valid until the next call. Returns null when the peer closed the
    /// connection cleanly between PDUs; a close inside a PDU is an <see cref="EndOfStreamException"/>.
    /// </summary>
    // Pooled state machines: a read that waits for the socket must not leave a box behind each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(PduType Type, ReadOnlyMemory<byte> Body)?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_faulted)
        {
            // After a malformed PDU the byte stream has no trustworthy boundary: drop what comes until the close.
            await DiscardUntilClosedAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (!await FillAsync(6, allowCleanEnd: true, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var type = (PduType)_buffer[_start];
        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 2));
        uint limit = type switch
        {
            PduType.PDataTf => (uint)_maxPDataLength,
            PduType.AssociateRequest or PduType.AssociateAccept => (uint)MaxAssociatePduLength,
            PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort => 4u,
            _ => Faulted(new PduException(AbortReason.UnrecognizedPdu, $"unrecognised PDU type 0x{(byte)type:X2}")),
        };
        if (length > limit)
        {
            _faulted = true;
            throw new PduException(AbortReason.InvalidPduParameterValue, $"{type} PDU declares {length} bytes, more than the {limit} accepted");
        }

        await FillAsync(6 + (int)length, allowCleanEnd: false, cancellationToken).ConfigureAwait(false);
        var body = _buffer.AsMemory(_start + 6, (int)length);
        _start += 6 + (int)length;
        DicomMetrics.Received(6 + (int)length);
        return (type, body);
    }

    /// <summary>Marks the stream as unusable (callers also report a parse failure with <see cref="MarkFaulted"/>).</summary>
    private uint Faulted(PduException exception)
    {
        _faulted = true;
        throw exception;
    }

    /// <summary>Called when a PDU body failed to parse: nothing after it can be trusted.</summary>
    public void MarkFaulted() => _faulted = true;

    /// <summary>A whole PDU is already buffered: the next <see cref="ReadAsync"/> returns without waiting for the network.</summary>
    public bool HasCompletePdu =>
        _end - _start >= 6 && _end - _start - 6 >= BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 2));

    private async ValueTask DiscardUntilClosedAsync(CancellationToken cancellationToken)
    {
        while (await _stream.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Ensures <paramref name="count"/> bytes from <see cref="_start"/> are buffered.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(int count, bool allowCleanEnd, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            // Keep what is buffered at the front; the previous PDU's body is no longer in use.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            if (_end == _buffer.Length)
            {
                // Grow by doubling as bytes actually arrive, never to a declared length up front: a peer
                // that announces a large PDU and trickles it costs only what it has sent.
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(count, _buffer.Length * 2));
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (allowCleanEnd && _end == 0)
                {
                    return false;
                }

                throw new EndOfStreamException($"the peer closed the connection {_end} byte(s) into a PDU");
            }

            _end += read;
        }

        return true;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
