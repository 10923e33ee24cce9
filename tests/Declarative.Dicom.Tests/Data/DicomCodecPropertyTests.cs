using CsCheck;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

/// <summary>Random datasets, nested to a few levels, survive encode → decode → encode in every supported syntax.</summary>
public class DicomCodecPropertyTests
{
    private static readonly Gen<string> Uid = Gen.Int[1, 99999].Array[1, 6].Select(parts => "1." + string.Join('.', parts));
    private static readonly Gen<string> Text = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789^-"].Array[0, 16]
        .Select(chars => new string(chars).Trim());

    private static readonly Gen<DicomDataset> Leaf = Gen.Select(Uid, Text, Gen.UShort, Gen.Int, Gen.Double.Where(double.IsFinite), Gen.Byte.Array[0, 5].Select(b => b.Concat(b).ToArray()),
        (uid, text, us, sl, fd, ob) => new DicomDataset()
            .Set(DicomTag.ReferencedSOPInstanceUID, uid)
            .Set(DicomTag.PatientID, text)
            .Set<ushort>(DicomTag.FailureReason, us)
            .Set<int>(DicomTag.ReferencePixelX0, sl)
            .Set<double>(DicomTag.DiffusionBValue, fd)
            .SetBytes(DicomTag.EncapsulatedDocument, DicomVR.OB, ob));

    private static readonly Gen<DicomDataset> Nested = Gen.Select(Leaf, Leaf.Array[0, 3], Leaf.Array[0, 2],
        (root, items, failed) =>
        {
            foreach (var item in items)
            {
                item.SetSequence(DicomTag.FailedSOPSequence, failed.Select(f => f).ToArray());
            }

            return root.SetSequence(DicomTag.ReferencedSOPSequence, items);
        });

    [Theory]
    [InlineData("1.2.840.10008.1.2", false)]
    [InlineData("1.2.840.10008.1.2", true)]
    [InlineData("1.2.840.10008.1.2.1", false)]
    [InlineData("1.2.840.10008.1.2.1", true)]
    [InlineData("1.2.840.10008.1.2.1.99", false)]
    public void EncodeDecodeEncode_IsStable(string syntaxUid, bool undefinedLengths)
    {
        var syntax = DicomTransferSyntax.Lookup(syntaxUid);
        var options = new DicomWriteOptions { UndefinedLengthSequences = undefinedLengths };
        Nested.Sample(dataset =>
        {
            var bytes = dataset.Encode(syntax, options);
            var decoded = DicomDataset.Decode(bytes, syntax);
            return decoded.Encode(syntax, options).AsSpan().SequenceEqual(bytes)
                && Json(decoded) == Json(dataset);
        }, iter: 300);
    }

    [Fact]
    public void ArbitraryBytes_NeverCrashOrHang_OnlyDecodeExceptions()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian })
            {
                try
                {
                    var dataset = DicomDataset.Decode(bytes, syntax);
                    Walk(dataset);
                }
                catch (DicomDataException)
                {
                    // expected for most random input: what matters is that nothing else escapes
                }
            }
        }, iter: 3000);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2", false)]
    [InlineData("1.2.840.10008.1.2.1", true)]
    public void DatasetsDecodedOneAfterAnother_ThroughOnePool_ReadAsIfEachWereFresh(string syntaxUid, bool undefinedLengths)
    {
        // What an association does: one pool, a message, a recycle, the next message (and now and then a malformed one).
        var syntax = DicomTransferSyntax.Lookup(syntaxUid);
        var options = new DicomWriteOptions { UndefinedLengthSequences = undefinedLengths };
        var pool = new DicomDatasetPool();
        Gen.Select(Nested, Gen.Byte.Array[0, 40]).Sample((dataset, garbage) =>
        {
            var bytes = dataset.Encode(syntax, options);
            var lent = pool.Decode(bytes, syntax);
            var same = Json(lent) == Json(DicomDataset.Decode(bytes, syntax)) && lent.Encode(syntax, options).AsSpan().SequenceEqual(bytes);
            pool.Recycle();
            try
            {
                Walk(pool.Decode(garbage, syntax));
            }
            catch (DicomDataException)
            {
                // a malformed message on the same association: the next one must not notice
            }

            pool.Recycle();
            return same;
        }, iter: 300, threads: 1);
    }

    private static string Json(DicomDataset dataset) => Declarative.Dicom.Data.Json.DicomJsonWriter.Write(dataset);

    private static void Walk(DicomDataset dataset)
    {
        foreach (var attribute in dataset)
        {
            if (attribute is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    Walk(item);
                }
            }
        }
    }
}
