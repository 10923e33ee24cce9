using System.Buffers;

namespace Declarative.Dicom.Network.Dimse;

/// <summary>
/// The dataset fragments of the message being received, kept in pooled chunks: memory grows with what arrived,
/// never by doubling, and goes back to the pool when the message completes or the association ends, so a large
/// or hostile message leaves nothing behind.
/// </summary>
internal sealed class DatasetFragments
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<byte[]> _chunks = [];
    private int _lastUsed;

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_chunks.Count == 0 || _lastUsed == ChunkSize)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                _lastUsed = 0;
            }

            var room = Math.Min(ChunkSize - _lastUsed, bytes.Length);
            bytes[..room].CopyTo(_chunks[^1].AsSpan(_lastUsed));
            _lastUsed += room;
            Length += room;
            bytes = bytes[room..];
        }
    }

    /// <summary>The whole dataset in one array of its exact size, for a dataset that outlives the message (a response's).</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        CopyTo(result);
        return result;
    }

    /// <summary>Copies the whole dataset to the start of <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        var offset = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var chunk = Chunk(i);
            chunk.CopyTo(destination[offset..]);
            offset += chunk.Length;
        }
    }

    /// <summary>Writes what arrived so far to <paramref name="output"/> (the spool file a large C-STORE moves to).</summary>
    public void WriteTo(Stream output)
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            output.Write(Chunk(i));
        }
    }

    /// <summary>The bytes of chunk <paramref name="index"/>: all of it but the last, which is filled up to <see cref="_lastUsed"/>.</summary>
    private ReadOnlySpan<byte> Chunk(int index) => _chunks[index].AsSpan(0, index == _chunks.Count - 1 ? _lastUsed : ChunkSize);

    public void Clear()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _lastUsed = 0;
        Length = 0;
    }
}
