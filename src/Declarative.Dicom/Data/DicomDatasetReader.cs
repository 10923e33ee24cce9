using System.Buffers.Binary;

namespace Declarative.Dicom.Data;

/// <summary>
/// Parses little-endian encoded datasets (PS3.5 sections 7.1 to 7.5). Every length is checked against
/// the bytes that remain before anything is sliced, so a hostile length costs nothing; values are
/// slices of the input, never copies. Defined-length items stay unparsed until first used. A struct: parsing a
/// received dataset allocates the dataset's own objects and nothing for the parser.
/// </summary>
internal readonly struct DicomDatasetReader
{
    /// <summary>Deepest sequence nesting accepted; real IODs stay far below, hostile input does not.</summary>
    public const int MaxDepth = 32;

    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly bool _explicitVR;
    private readonly long _baseOffset;

    public DicomDatasetReader(ReadOnlyMemory<byte> data, bool explicitVR, long baseOffset)
    {
        _data = data;
        _explicitVR = explicitVR;
        _baseOffset = baseOffset;
    }

    /// <summary>Reads a whole buffer as one dataset (a top-level dataset or a defined-length item).</summary>
    public void ReadInto(DicomDataset target, List<DicomAttribute> list, int depth) =>
        ReadElements(target, 0, _data.Length, untilItemDelimiter: false, depth);

    /// <summary>Reads elements from <paramref name="pos"/>; returns the position after the last one (after the item delimiter if asked for).</summary>
    private int ReadElements(DicomDataset target, int pos, int end, bool untilItemDelimiter, int depth)
    {
        var span = _data.Span;
        while (pos < end)
        {
            if (end - pos < 8)
            {
                throw Error(pos, null, $"truncated element header: {end - pos} byte(s) left, at least 8 needed");
            }

            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 2)..]));
            if (tag.Group == 0xFFFE)
            {
                if (untilItemDelimiter && tag == DicomTag.ItemDelimitationItem)
                {
                    return pos + 8;
                }

                throw Error(pos, tag, "item or delimiter tag where an element was expected");
            }

            var header = ReadHeader(span, pos, end, tag);
            var valuePos = pos + header.Size;
            if (header.Length == UndefinedLength)
            {
                pos = ReadUndefinedLength(target, tag, header.VR, valuePos, end, depth);
                continue;
            }

            if (header.Length > (uint)(end - valuePos))
            {
                throw Error(pos, tag, $"value length {header.Length} exceeds the {end - valuePos} byte(s) that remain");
            }

            var length = (int)header.Length;
            if (header.VR == DicomVR.SQ)
            {
                var sequence = NewSequence(target, tag);
                ReadItems(target, sequence, valuePos, valuePos + length, undefinedLength: false, depth);
                target.Add(sequence);
            }
            else
            {
                target.Add(NewElement(target, tag, header.VR, _data.Slice(valuePos, length)));
            }

            pos = valuePos + length;
        }

        if (untilItemDelimiter)
        {
            throw Error(pos, null, "item of undefined length ends without an item delimitation item");
        }

        return pos;
    }

    private int ReadUndefinedLength(DicomDataset target, DicomTag tag, DicomVR vr, int valuePos, int end, int depth)
    {
        // PS3.5 6.2.2: UN of undefined length is a sequence encoded in Implicit VR Little Endian.
        if (vr == DicomVR.SQ || vr == DicomVR.UN)
        {
            var reader = vr == DicomVR.UN && _explicitVR ? new DicomDatasetReader(_data, explicitVR: false, _baseOffset) : this;
            var sequence = NewSequence(target, tag);
            var after = reader.ReadItems(target, sequence, valuePos, end, undefinedLength: true, depth);
            target.Add(sequence);
            return after;
        }

        if (vr == DicomVR.OB || vr == DicomVR.OW)
        {
            var after = SkipFragments(tag, valuePos, end);
            var element = NewElement(target, tag, vr, _data[valuePos..after]);
            element.IsEncapsulated = true;
            target.Add(element);
            return after;
        }

        throw Error(valuePos - 8, tag, $"undefined length is not allowed for VR {vr}");
    }

    private int ReadItems(DicomDataset owner, DicomSequence sequence, int pos, int end, bool undefinedLength, int depth)
    {
        if (depth + 1 > MaxDepth)
        {
            throw Error(pos, sequence.Tag, $"sequences are nested deeper than {MaxDepth} levels");
        }

        var span = _data.Span;
        while (pos < end)
        {
            if (end - pos < 8)
            {
                throw Error(pos, sequence.Tag, $"truncated item header: {end - pos} byte(s) left");
            }

            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 2)..]));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
            pos += 8;
            if (undefinedLength && tag == DicomTag.SequenceDelimitationItem)
            {
                return pos;
            }

            if (tag != DicomTag.Item)
            {
                throw Error(pos - 8, sequence.Tag, $"expected an item (FFFE,E000) in the sequence, found {tag}");
            }

            if (length == UndefinedLength)
            {
                var item = owner.Pool is { } pool ? pool.EmptyItem(owner) : new DicomDataset { Parent = owner };
                pos = ReadElements(item, pos, end, untilItemDelimiter: true, depth + 1);
                sequence.Add(item);
                continue;
            }

            if (length > (uint)(end - pos))
            {
                throw Error(pos - 8, sequence.Tag, $"item length {length} exceeds the {end - pos} byte(s) that remain");
            }

            var encoded = _data.Slice(pos, (int)length);
            sequence.Add(owner.Pool is { } itemPool
                ? itemPool.LazyItem(encoded, _explicitVR, _baseOffset + pos, depth + 1, owner)
                : DicomDataset.LazyItem(encoded, _explicitVR, _baseOffset + pos, depth + 1, owner));
            pos += (int)length;
        }

        if (undefinedLength)
        {
            throw Error(pos, sequence.Tag, "sequence of undefined length ends without a sequence delimitation item");
        }

        return pos;
    }

    /// <summary>Walks encapsulated pixel data fragments (PS3.5 A.4) to the sequence delimiter.</summary>
    private int SkipFragments(DicomTag tag, int pos, int end)
    {
        var span = _data.Span;
        while (end - pos >= 8)
        {
            var itemTag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 2)..]));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
            pos += 8;
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                return pos;
            }

            if (itemTag != DicomTag.Item || length > (uint)(end - pos))
            {
                throw Error(pos - 8, tag, "malformed encapsulated pixel data fragment");
            }

            pos += (int)length;
        }

        throw Error(pos, tag, "encapsulated pixel data ends without a sequence delimitation item");
    }

    private Header ReadHeader(ReadOnlySpan<byte> span, int pos, int end, DicomTag tag)
    {
        if (!_explicitVR)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
            var vr = DicomDictionary.ImplicitVR(tag);
            // An unknown tag of undefined length can only be a sequence (PS3.5 7.5.1, implicit VR).
            if (length == UndefinedLength && vr == DicomVR.UN)
            {
                vr = DicomVR.SQ;
            }

            return new Header(vr, length, 8);
        }

        if (!DicomVR.TryParse(span[pos + 4], span[pos + 5], out var explicitVr))
        {
            throw Error(pos, tag, $"unknown value representation bytes 0x{span[pos + 4]:X2} 0x{span[pos + 5]:X2}");
        }

        if (!explicitVr.HasLongExplicitHeader)
        {
            return new Header(explicitVr, BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 6)..]), 8);
        }

        if (end - pos < 12)
        {
            throw Error(pos, tag, $"truncated element header: {end - pos} byte(s) left, 12 needed for VR {explicitVr}");
        }

        return new Header(explicitVr, BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 8)..]), 12);
    }

    /// <summary>The objects of a dataset lent by an association's pool come from that pool; others are new.</summary>
    private static DicomElement NewElement(DicomDataset target, DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> raw) =>
        target.Pool is { } pool ? pool.Element(tag, vr, raw) : new DicomElement(tag, vr, raw);

    private static DicomSequence NewSequence(DicomDataset target, DicomTag tag) =>
        target.Pool is { } pool ? pool.Sequence(tag) : new DicomSequence(tag);

    private DicomDecodeException Error(int pos, DicomTag? tag, string problem) => new(_baseOffset + pos, tag, problem);

    private readonly record struct Header(DicomVR VR, uint Length, int Size);
}
