namespace Declarative.Dicom.Data;

/// <summary>
/// The part of a dataset that lets an association lend it to one received request after another (the handler
/// contract: what a handler receives is valid for the call). A pooled dataset keeps its attribute list between
/// messages; one back in the pool throws on use until lent again.
/// </summary>
public sealed partial class DicomDataset
{
    private readonly DicomDatasetPool? _pool;
    private List<DicomAttribute>? _spareList;

    /// <summary>The pool whose objects the parser uses for this dataset's own elements, sequences and items; null for an ordinary dataset.</summary>
    internal DicomDatasetPool? Pool => _pool;

    /// <summary>Makes a pooled dataset a lazy view of encoded bytes, as <see cref="Decode"/> and <see cref="LazyItem"/> do for new ones.</summary>
    internal DicomDataset Lend(ReadOnlyMemory<byte> encoded, bool explicitVR, DicomTransferSyntax? transferSyntax, long baseOffset, int depth, DicomDataset? parent)
    {
        _source = new LazySource(encoded, explicitVR, transferSyntax, baseOffset, depth);
        Parent = parent;
        return this;
    }

    /// <summary>Makes a pooled dataset an empty decoded one (an item of undefined length, which the parser fills).</summary>
    internal DicomDataset LendEmpty(DicomDataset parent)
    {
        _attributes = TakeList();
        Parent = parent;
        return this;
    }

    /// <summary>Forgets the message it was lent to; the attribute list stays for the next one unless it grew past <paramref name="maxListCapacity"/>.</summary>
    internal void Recycle(int maxListCapacity)
    {
        if (_attributes is { } list)
        {
            list.Clear();
            _spareList = list.Capacity <= maxListCapacity ? list : null;
        }

        _attributes = null;
        _source = null;
        _decodeError = null;
        _characterSet = null;
        Parent = null;
    }

    private List<DicomAttribute> TakeList()
    {
        var list = _spareList ?? [];
        _spareList = null;
        return list;
    }
}
