using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

/// <summary>
/// An association's dataset pool lends the objects of one received dataset after another: each message reads only
/// its own values, nothing taken back is usable, the pool keeps a bounded number of objects, and once it has lent a
/// message's worth, decoding and reading another like it allocates nothing.
/// </summary>
public class DicomDatasetPoolTests
{
    private static readonly DicomTransferSyntax Implicit = DicomTransferSyntax.ImplicitVRLittleEndian;

    private static byte[] Encoded(int committed, string transaction) =>
        DatasetSamples.CommitmentResult(committed, failed: 0).Set(DicomTag.TransactionUID, transaction).Encode(Implicit);

    [Fact]
    public void NextMessage_ReusesTheObjects_AndReadsOnlyItsOwnValues()
    {
        var pool = new DicomDatasetPool();
        var first = pool.Decode(Encoded(committed: 3, "1.2.3.1"), Implicit);
        Assert.Equal("1.2.3.100.3", first.GetSequence(DicomTag.ReferencedSOPSequence)[2].GetString(DicomTag.ReferencedSOPInstanceUID));
        var firstObjects = Graph(first).ToHashSet(ReferenceEqualityComparer.Instance);
        pool.Recycle();

        var second = pool.Decode(Encoded(committed: 1, "1.2.3.2"), Implicit);
        var items = second.GetSequence(DicomTag.ReferencedSOPSequence);

        Assert.Equal(("1.2.3.2", 1, "1.2.3.100.1"), (second.GetString(DicomTag.TransactionUID), items.Count, items[0].GetString(DicomTag.ReferencedSOPInstanceUID)));
        Assert.Equal(3, second.Count); // TransactionUID, RetrieveAETitle, the sequence: nothing left of the first message's list
        Assert.Equal(2, items[0].Count);
        Assert.All(Graph(second), o => Assert.Contains(o, firstObjects)); // 2 datasets, 1 sequence, 4 elements: all the first message's
    }

    /// <summary>Every object of a dataset: itself, its attributes, and those of its items, recursively.</summary>
    private static IEnumerable<object> Graph(DicomDataset dataset)
    {
        yield return dataset;
        foreach (var attribute in dataset)
        {
            yield return attribute;
            if (attribute is DicomSequence sequence)
            {
                foreach (var o in sequence.Items.SelectMany(Graph))
                {
                    yield return o;
                }
            }
        }
    }

    [Fact]
    public void DatasetTakenBack_ThrowsOnUse_PointingAtKeep()
    {
        var pool = new DicomDatasetPool();
        var lent = pool.Decode(Encoded(committed: 1, "1.2.3.1"), Implicit);
        var kept = lent.Keep();
        _ = lent.Count;
        pool.Recycle();

        var ex = Assert.Throws<InvalidOperationException>(() => lent.Find(DicomTag.TransactionUID));
        Assert.Contains("Keep()", ex.Message);
        Assert.Equal("1.2.3.1", kept.GetString(DicomTag.TransactionUID));
    }

    [Fact]
    public void UnparsedDataset_TakenBack_IsLentAgainAsTheNextOne()
    {
        var pool = new DicomDatasetPool();
        var unread = pool.Decode(Encoded(committed: 1, "1.2.3.1"), Implicit);
        pool.Recycle();

        var next = pool.Decode(Encoded(committed: 2, "1.2.3.2"), Implicit);

        Assert.Same(unread, next);
        Assert.Equal("1.2.3.2", next.GetString(DicomTag.TransactionUID));
    }

    [Fact]
    public void HostileMessage_LeavesNoMoreThanTheLimitsBehind()
    {
        const int Items = 300; // 600 elements, 301 datasets: past every limit
        var pool = new DicomDatasetPool();
        var lent = pool.Decode(DatasetSamples.CommitmentResult(Items, failed: 0).Encode(Implicit), Implicit);
        var items = lent.GetSequence(DicomTag.ReferencedSOPSequence);
        Assert.Equal(Items, items.Count);
        Assert.All(items.Items, item => Assert.Equal(2, item.Count));
        pool.Recycle();

        // The sequence's item list grew past the limit: that sequence is left to the collector.
        Assert.Equal((DicomDatasetPool.MaxDatasets, DicomDatasetPool.MaxElements, 0), pool.Free);
    }

    [Fact]
    public void WarmPool_DecodesAndReadsAMessage_WithoutAllocating()
    {
        var pool = new DicomDatasetPool();
        var encoded = Encoded(committed: 2, "1.2.3.1");
        ReadAll(pool, encoded); // the first message fills the pool; JIT and type loading happen here too
        ReadAll(pool, encoded);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ReadAll(pool, encoded);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    /// <summary>What a Type 1 check does: every element of the dataset and of each item found, none decoded to a string.</summary>
    private static void ReadAll(DicomDatasetPool pool, byte[] encoded)
    {
        var dataset = pool.Decode(encoded, Implicit);
        foreach (var attribute in dataset)
        {
            if (attribute is DicomSequence sequence)
            {
                for (var i = 0; i < sequence.Count; i++)
                {
                    _ = sequence[i].Find(DicomTag.ReferencedSOPInstanceUID) is DicomElement { IsEmpty: false };
                }
            }
        }

        pool.Recycle();
    }
}
