using System.Collections;
using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>The items of a sequence, each seen through a typed accessor; an absent sequence reads as empty.</summary>
public sealed class DicomItemList<T> : IReadOnlyList<T> where T : DatasetAccessor
{
    private readonly DicomSequence? _sequence;
    private readonly Func<DicomDataset, T> _create;
    private T[]? _items;

    internal DicomItemList(DicomSequence? sequence, Func<DicomDataset, T> create)
    {
        _sequence = sequence;
        _create = create;
    }

    public int Count => _sequence?.Count ?? 0;

    public T this[int index] => Items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T[] Items => _items ??= _sequence is null ? [] : _sequence.Items.Select(_create).ToArray();
}
