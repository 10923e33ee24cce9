using System.Collections;

namespace Declarative.Dicom.Data;

/// <summary>
/// An ordered set of DICOM attributes (PS3.5 section 7). A dataset decoded from bytes is lazy: nothing
/// is parsed until it is first used, and if the bytes are malformed every use throws the same
/// <see cref="DicomDecodeException"/> (pynetdicom's deferred-read contract for event_information).
/// Not thread-safe: one dataset belongs to one message and one handler at a time.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomAttribute>
{
    private List<DicomAttribute>? _attributes;
    private LazySource? _source;
    private DicomDecodeException? _decodeError;
    private DicomCharacterSet? _characterSet;

    public DicomDataset()
    {
        _attributes = [];
    }

    public DicomDataset(IEnumerable<DicomAttribute> attributes) : this()
    {
        foreach (var attribute in attributes)
        {
            Add(attribute);
        }
    }

    private DicomDataset(LazySource source) => _source = source;

    /// <summary>A dataset of a pool, lent to received messages one after the other (see <see cref="Lend"/>).</summary>
    internal DicomDataset(DicomDatasetPool pool) => _pool = pool;

    /// <summary>The dataset holding the sequence this item belongs to; it lends its character set.</summary>
    internal DicomDataset? Parent { get; set; }

    /// <summary>
    /// Wraps encoded bytes without parsing them. The bytes must stay unchanged while the dataset lives:
    /// decoded values are slices of them, not copies.
    /// </summary>
    public static DicomDataset Decode(ReadOnlyMemory<byte> encoded, DicomTransferSyntax transferSyntax) =>
        new(new LazySource(encoded, transferSyntax.IsExplicitVR, transferSyntax, 0, 0));

    internal static DicomDataset LazyItem(ReadOnlyMemory<byte> encoded, bool explicitVR, long baseOffset, int depth, DicomDataset parent) =>
        new(new LazySource(encoded, explicitVR, null, baseOffset, depth)) { Parent = parent };

    /// <summary>True once the encoded bytes have been parsed (or the dataset was built in memory).</summary>
    public bool IsDecoded => _attributes is not null || _decodeError is not null;

    public int Count => Attributes.Count;

    /// <summary>The character set of this dataset: its own (0008,0005), else its parent's, else the default repertoire.</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_characterSet is null)
            {
                var own = Find(DicomTag.SpecificCharacterSet) as DicomElement;
                _characterSet = own is null
                    ? Parent?.CharacterSet ?? DicomCharacterSet.Default
                    : DicomCharacterSet.FromSpecificCharacterSet(own.DecodeText(DicomCharacterSet.Default).Split('\\'));
            }

            return _characterSet;
        }
    }

    private List<DicomAttribute> Attributes
    {
        get
        {
            if (_attributes is not null)
            {
                return _attributes;
            }

            if (_decodeError is not null)
            {
                // A fresh exception each time, so that every use reports its own stack.
                throw new DicomDecodeException(_decodeError.Offset, _decodeError.Tag, _decodeError.Problem);
            }

            return ParseSource();
        }
    }

    private List<DicomAttribute> ParseSource()
    {
        if (_source is not { } source)
        {
            throw new InvalidOperationException(
                "This dataset came with a request that has been answered: what a handler receives is lent to it for the call. Keep a copy with Keep() (see DCM1007).");
        }

        try
        {
            var bytes = source.TransferSyntax is { IsDeflated: true } ? DeflateCodec.Inflate(source.Bytes) : source.Bytes;
            if (source.TransferSyntax is { IsSupported: false } ts)
            {
                throw new DicomDecodeException(0, null, $"transfer syntax {ts} is not supported");
            }

            var list = TakeList();
            _attributes = list;
            new DicomDatasetReader(bytes, source.ExplicitVR, source.BaseOffset).ReadInto(this, list, source.Depth);
            _source = null;
            return list;
        }
        catch (DicomDecodeException ex)
        {
            _attributes = null;
            _decodeError = ex;
            throw;
        }
    }

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>The attribute with this tag, or null.</summary>
    public DicomAttribute? Find(DicomTag tag)
    {
        var index = IndexOf(tag);
        return index >= 0 ? Attributes[index] : null;
    }

    /// <summary>The attribute with this tag; throws <see cref="DicomElementMissingException"/> if absent.</summary>
    public DicomAttribute Get(DicomTag tag) => Find(tag) ?? throw new DicomElementMissingException(tag);

    /// <summary>Adds or replaces the attribute with the same tag, keeping tag order.</summary>
    public DicomDataset Add(DicomAttribute attribute)
    {
        var list = Attributes;
        if (attribute is DicomSequence sequence)
        {
            for (var i = 0; i < sequence.Count; i++)
            {
                sequence[i].Parent ??= this;
            }
        }

        if (attribute.Tag == DicomTag.SpecificCharacterSet)
        {
            _characterSet = null;
        }

        // Appending in ascending order, the common case for readers and builders, needs no search.
        if (list.Count == 0 || list[^1].Tag < attribute.Tag)
        {
            list.Add(attribute);
            return this;
        }

        var index = IndexOf(attribute.Tag);
        if (index >= 0)
        {
            list[index] = attribute;
        }
        else
        {
            list.Insert(~index, attribute);
        }

        return this;
    }

    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        Attributes.RemoveAt(index);
        if (tag == DicomTag.SpecificCharacterSet)
        {
            _characterSet = null;
        }

        return true;
    }

    /// <summary>The list's struct enumerator, so that foreach over a dataset allocates nothing (the writer does it for every message).</summary>
    public List<DicomAttribute>.Enumerator GetEnumerator() => Attributes.GetEnumerator();

    IEnumerator<DicomAttribute> IEnumerable<DicomAttribute>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(DicomTag tag)
    {
        var list = Attributes;
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = list[mid].Tag.Value.CompareTo(tag.Value);
            if (cmp == 0)
            {
                return mid;
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>What a lazy dataset parses from; a struct inside the dataset, not an object of its own per message.</summary>
    private readonly record struct LazySource(ReadOnlyMemory<byte> Bytes, bool ExplicitVR, DicomTransferSyntax? TransferSyntax, long BaseOffset, int Depth);
}
