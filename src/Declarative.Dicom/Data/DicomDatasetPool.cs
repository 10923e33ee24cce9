namespace Declarative.Dicom.Data;

/// <summary>
/// The object graph of received datasets (datasets, their attribute lists, elements, sequences), lent to one
/// request at a time and taken back when it is answered, so that serving a request allocates none of it. One pool
/// belongs to one association, which serves its requests one after the other; not thread-safe. What it keeps is
/// bounded: a message with more objects than the limits gets new ones for the excess, left to the collector.
/// </summary>
internal sealed class DicomDatasetPool
{
    // A few kilobytes of objects per association cover the datasets DIMSE notifications and actions carry;
    // a hostile message with thousands of elements must not leave that many behind for every association.
    internal const int MaxDatasets = 64;
    internal const int MaxElements = 512;
    internal const int MaxSequences = 32;
    internal const int MaxListCapacity = 64;

    private readonly Stack<DicomDataset> _freeDatasets = new();
    private readonly Stack<DicomElement> _freeElements = new();
    private readonly Stack<DicomSequence> _freeSequences = new();
    private readonly List<DicomDataset> _lentDatasets = [];
    private readonly List<DicomElement> _lentElements = [];
    private readonly List<DicomSequence> _lentSequences = [];

    /// <summary>As <see cref="DicomDataset.Decode"/>: a lazy dataset over <paramref name="encoded"/>, parsed with this pool's objects.</summary>
    public DicomDataset Decode(ReadOnlyMemory<byte> encoded, DicomTransferSyntax transferSyntax) =>
        TakeDataset().Lend(encoded, transferSyntax.IsExplicitVR, transferSyntax, 0, 0, parent: null);

    /// <summary>A defined-length item, parsed when first used.</summary>
    public DicomDataset LazyItem(ReadOnlyMemory<byte> encoded, bool explicitVR, long baseOffset, int depth, DicomDataset parent) =>
        TakeDataset().Lend(encoded, explicitVR, null, baseOffset, depth, parent);

    /// <summary>An item of undefined length, which the parser fills as it reads.</summary>
    public DicomDataset EmptyItem(DicomDataset parent) => TakeDataset().LendEmpty(parent);

    public DicomElement Element(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> raw)
    {
        var element = _freeElements.TryPop(out var free) ? free.Reuse(tag, vr, raw) : new DicomElement(tag, vr, raw);
        Track(_lentElements, element, MaxElements);
        return element;
    }

    public DicomSequence Sequence(DicomTag tag)
    {
        var sequence = _freeSequences.TryPop(out var free) ? free.Reuse(tag) : new DicomSequence(tag);
        Track(_lentSequences, sequence, MaxSequences);
        return sequence;
    }

    /// <summary>
    /// Takes back everything lent since the last call: the request it was lent to has been answered. Nothing of it
    /// may be used afterwards (a dataset taken back throws; an element reads as empty until lent again).
    /// </summary>
    public void Recycle()
    {
        foreach (var dataset in _lentDatasets)
        {
            dataset.Recycle(MaxListCapacity);
            _freeDatasets.Push(dataset);
        }

        foreach (var element in _lentElements)
        {
            _freeElements.Push(element.Reuse(default, DicomVR.UN, ReadOnlyMemory<byte>.Empty));
        }

        foreach (var sequence in _lentSequences)
        {
            if (sequence.Capacity <= MaxListCapacity)
            {
                _freeSequences.Push(sequence.Reuse(default));
            }
        }

        _lentDatasets.Clear();
        _lentElements.Clear();
        _lentSequences.Clear();
    }

    /// <summary>How many objects wait to be lent again (for tests of the limits).</summary>
    internal (int Datasets, int Elements, int Sequences) Free => (_freeDatasets.Count, _freeElements.Count, _freeSequences.Count);

    private DicomDataset TakeDataset()
    {
        var dataset = _freeDatasets.TryPop(out var free) ? free : new DicomDataset(this);
        Track(_lentDatasets, dataset, MaxDatasets);
        return dataset;
    }

    /// <summary>Only what fits under the limit is taken back; the rest is left to the collector.</summary>
    private static void Track<T>(List<T> lent, T item, int limit)
    {
        if (lent.Count < limit)
        {
            lent.Add(item);
        }
    }
}
