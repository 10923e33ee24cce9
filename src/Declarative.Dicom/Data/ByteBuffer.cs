using System.Buffers;
using System.Buffers.Binary;

namespace Declarative.Dicom.Data;

/// <summary>
/// A growable little-endian byte buffer that can patch lengths it wrote earlier, so that defined-length
/// sequences and items are written in one pass without measuring first.
/// </summary>
internal sealed class ByteBuffer : IBufferWriter<byte>
{
    private byte[] _bytes;

    public ByteBuffer(int capacity = 256) => _bytes = new byte[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _bytes.AsMemory(0, Length);

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(GetSpan(2), value);
        Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(GetSpan(4), value);
        Advance(4);
    }

    public void WriteUInt16BigEndian(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(GetSpan(2), value);
        Advance(2);
    }

    public void WriteUInt32BigEndian(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(GetSpan(4), value);
        Advance(4);
    }

    public void PatchUInt32BigEndian(int position, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(position), value);

    public void PatchUInt16BigEndian(int position, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_bytes.AsSpan(position), value);

    /// <summary>Writes <paramref name="count"/> copies of <paramref name="value"/> (AE title and reserved-field padding).</summary>
    public void WriteRepeated(byte value, int count)
    {
        GetSpan(count)[..count].Fill(value);
        Advance(count);
    }

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        Advance(1);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    public void PatchUInt32(int position, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(position), value);

    public void PatchUInt16(int position, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(position), value);

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsSpan(Length);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Length + Math.Max(sizeHint, 1);
        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        }
    }
}
