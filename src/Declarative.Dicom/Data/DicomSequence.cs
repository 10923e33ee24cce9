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
}
