namespace Declarative.Dicom.Data;

/// <summary>A sequence of items (VR SQ), each item a nested dataset (PS3.5 section 7.5).</summary>
public sealed class DicomSequence : DicomAttribute
{
    private readonly List<DicomDataset> _items;

    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null) : base(tag, DicomVR.SQ) =>
        _items = items is null ? [] : [.. items];

    public IReadOnlyList<DicomDataset> Items => _items;

    public int Count => _items.Count;

    public DicomDataset this[int index] => _items[index];

    public void Add(DicomDataset item) => _items.Add(item);

    /// <summary>Empties a pooled sequence for the next received dataset; its list keeps its capacity.</summary>
    internal DicomSequence Reuse(DicomTag tag)
    {
        Tag = tag;
        _items.Clear();
        return this;
    }

    /// <summary>How many items the list has room for: a pool does not keep a sequence that once held a hostile number of them.</summary>
    internal int Capacity => _items.Capacity;
}
