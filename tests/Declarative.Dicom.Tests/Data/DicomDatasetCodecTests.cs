using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

public class DicomDatasetCodecTests
{
    public static TheoryData<string, bool> Encodings => new()
    {
        { DicomTransferSyntax.ImplicitVRLittleEndian.Uid, false },
        { DicomTransferSyntax.ImplicitVRLittleEndian.Uid, true },
        { DicomTransferSyntax.ExplicitVRLittleEndian.Uid, false },
        { DicomTransferSyntax.ExplicitVRLittleEndian.Uid, true },
        { DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid, false },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void CommitmentResult_RoundTrips(string transferSyntaxUid, bool undefinedLengths)
    {
        var syntax = DicomTransferSyntax.Lookup(transferSyntaxUid);
        var bytes = DatasetSamples.CommitmentResult().Encode(syntax, new DicomWriteOptions { UndefinedLengthSequences = undefinedLengths });

        var decoded = DicomDataset.Decode(bytes, syntax);

        Assert.Equal("1.2.3.4.5.6.7", decoded.GetString(DicomTag.TransactionUID));
        var referenced = decoded.GetSequence(DicomTag.ReferencedSOPSequence);
        Assert.Equal(2, referenced.Count);
        Assert.Equal("1.2.3.100.2", referenced[1].GetString(DicomTag.ReferencedSOPInstanceUID));
        Assert.Equal((ushort)0x0112, decoded.GetSequence(DicomTag.FailedSOPSequence)[0].GetValue<ushort>(DicomTag.FailureReason));
        // Re-encoding what was decoded gives the same bytes: nothing is lost or reordered.
        Assert.Equal(bytes, decoded.Encode(syntax, new DicomWriteOptions { UndefinedLengthSequences = undefinedLengths }));
    }

    [Fact]
    public void ImplicitEncoding_IsExactlyThePs35Layout()
    {
        var bytes = new DicomDataset().Set<ushort>(DicomTag.Status, 0x0112).Set(DicomTag.AffectedSOPClassUID, "1.2.3").Encode(DicomTransferSyntax.ImplicitVRLittleEndian);

        byte[] expected =
        [
            0x00, 0x00, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'3', 0x00, // UI padded with NUL
            0x00, 0x00, 0x00, 0x09, 0x02, 0x00, 0x00, 0x00, 0x12, 0x01,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void ExplicitEncoding_UsesShortAndLongHeadersPerVR()
    {
        var bytes = new DicomDataset()
            .Set(DicomTag.PatientID, "ABC")
            .SetBytes(new DicomTag(0x0009, 0x1010), DicomVR.OB, new byte[] { 1, 2 })
            .Encode(DicomTransferSyntax.ExplicitVRLittleEndian);

        byte[] expected =
        [
            0x09, 0x00, 0x10, 0x10, (byte)'O', (byte)'B', 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x02,
            0x10, 0x00, 0x20, 0x00, (byte)'L', (byte)'O', 0x04, 0x00, (byte)'A', (byte)'B', (byte)'C', (byte)' ',
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Decode_IsLazy_NothingIsParsedBeforeUse()
    {
        var dataset = DicomDataset.Decode(new byte[] { 0x08, 0x00, 0x16, 0x00, 0xFF, 0xFF }, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.False(dataset.IsDecoded);
        Assert.Throws<DicomDecodeException>(() => dataset.Count);
        Assert.True(dataset.IsDecoded);
    }

    [Fact]
    public void DecodeFailure_SurfacesOnEveryUse_WithOffsetAndTag()
    {
        // (0008,0018) UI claims 4 GiB - 2 bytes; 4 remain.
        byte[] bytes = [0x08, 0x00, 0x18, 0x00, 0xFE, 0xFF, 0xFF, 0xFF, (byte)'1', (byte)'.', (byte)'2', 0x00];
        var dataset = DicomDataset.Decode(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);

        var first = Assert.Throws<DicomDecodeException>(() => dataset.GetString(DicomTag.SOPInstanceUID));
        var second = Assert.Throws<DicomDecodeException>(() => dataset.Contains(DicomTag.SOPInstanceUID));

        Assert.Equal(0, first.Offset);
        Assert.Equal(DicomTag.SOPInstanceUID, first.Tag);
        Assert.Contains("value length 4294967294 exceeds the 4 byte(s) that remain", first.Message);
        Assert.Equal(first.Message, second.Message);
    }

    [Fact]
    public void TruncatedHeader_NamesTheOffset()
    {
        var good = new DicomDataset().Set(DicomTag.PatientID, "X").Encode(DicomTransferSyntax.ExplicitVRLittleEndian);
        var truncated = good.Concat(new byte[] { 0x10, 0x00, 0x30 }).ToArray();

        var error = Assert.Throws<DicomDecodeException>(() => DicomDataset.Decode(truncated, DicomTransferSyntax.ExplicitVRLittleEndian).Count);

        Assert.Equal(good.Length, error.Offset);
        Assert.Contains("truncated element header", error.Message);
    }

    [Fact]
    public void ErrorInsideAnItem_ReportsItsOffsetInTheWholeDataset()
    {
        var bytes = DatasetSamples.CommitmentResult(committed: 1, failed: 0).Encode(DicomTransferSyntax.ExplicitVRLittleEndian);
        // Corrupt the VR of the first element inside the first item ("UI" of ReferencedSOPClassUID).
        var index = IndexOf(bytes, "UI"u8.ToArray(), IndexOf(bytes, [0xFE, 0xFF, 0x00, 0xE0], 0));
        bytes[index] = (byte)'Q';
        bytes[index + 1] = (byte)'Q';

        var dataset = DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        var item = dataset.GetSequence(DicomTag.ReferencedSOPSequence)[0]; // the item itself is still lazy
        var error = Assert.Throws<DicomDecodeException>(() => item.GetString(DicomTag.ReferencedSOPClassUID));

        Assert.Equal(index - 4, error.Offset);
        Assert.Equal(DicomTag.ReferencedSOPClassUID, error.Tag);
    }

    [Fact]
    public void DeepNesting_IsRefused()
    {
        var innermost = new DicomDataset().Set(DicomTag.PatientID, "deep");
        var dataset = innermost;
        for (var i = 0; i < DicomDatasetReader.MaxDepth + 1; i++)
        {
            dataset = new DicomDataset().SetSequence(DicomTag.ReferencedSOPSequence, dataset);
        }

        var bytes = dataset.Encode(DicomTransferSyntax.ImplicitVRLittleEndian, new DicomWriteOptions { UndefinedLengthSequences = true });

        var error = Assert.Throws<DicomDecodeException>(() => DicomDataset.Decode(bytes, DicomTransferSyntax.ImplicitVRLittleEndian).Count);
        Assert.Contains($"nested deeper than {DicomDatasetReader.MaxDepth} levels", error.Message);
    }

    [Fact]
    public void UndefinedLengthItemWithoutDelimiter_IsRefused()
    {
        var bytes = DatasetSamples.CommitmentResult(1, 0).Encode(DicomTransferSyntax.ImplicitVRLittleEndian, new DicomWriteOptions { UndefinedLengthSequences = true });
        var cut = bytes[..^16]; // drops the item and sequence delimiters

        var error = Assert.Throws<DicomDecodeException>(() => DicomDataset.Decode(cut, DicomTransferSyntax.ImplicitVRLittleEndian).Count);
        Assert.Contains("without an item delimitation item", error.Message);
    }

    [Fact]
    public void UnknownVRBytes_AreRefusedWithTheirValue()
    {
        byte[] bytes = [0x10, 0x00, 0x20, 0x00, (byte)'Z', (byte)'Z', 0x00, 0x00];
        var error = Assert.Throws<DicomDecodeException>(() => DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian).Count);
        Assert.Contains("0x5A 0x5A", error.Message);
        Assert.Equal(DicomTag.PatientID, error.Tag);
    }

    [Fact]
    public void UnknownTagWithUndefinedLength_InImplicitVR_ReadsAsSequence()
    {
        var privateTag = new DicomTag(0x0009, 0x1010);
        var bytes = new DicomDataset()
            .Add(new DicomSequence(privateTag, [new DicomDataset().Set(DicomTag.PatientID, "inner")]))
            .Encode(DicomTransferSyntax.ImplicitVRLittleEndian, new DicomWriteOptions { UndefinedLengthSequences = true });

        var decoded = DicomDataset.Decode(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal("inner", decoded.GetSequence(privateTag)[0].GetString(DicomTag.PatientID));
    }

    [Fact]
    public void OddLengthValues_AreReadAndPaddedOnWrite()
    {
        // A peer that forgot the padding: LO "ABC" with length 3.
        byte[] bytes = [0x10, 0x00, 0x20, 0x00, (byte)'L', (byte)'O', 0x03, 0x00, (byte)'A', (byte)'B', (byte)'C'];
        var dataset = DicomDataset.Decode(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal("ABC", dataset.GetString(DicomTag.PatientID));
        Assert.Equal(12, dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian).Length);
    }

    [Fact]
    public void CorruptDeflateStream_IsADecodeError()
    {
        var dataset = DicomDataset.Decode(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, DicomTransferSyntax.DeflatedExplicitVRLittleEndian);
        Assert.Throws<DicomDecodeException>(() => dataset.Count);
    }

    [Fact]
    public void OutOfOrderElements_AreSortedOnRead()
    {
        var second = new DicomDataset().Set(DicomTag.PatientID, "B").Encode(DicomTransferSyntax.ImplicitVRLittleEndian);
        var first = new DicomDataset().Set(DicomTag.PatientName, "A").Encode(DicomTransferSyntax.ImplicitVRLittleEndian);

        var dataset = DicomDataset.Decode(second.Concat(first).ToArray(), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal([DicomTag.PatientName, DicomTag.PatientID], dataset.Select(a => a.Tag).ToArray());
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int start) =>
        haystack.AsSpan(start).IndexOf(needle) + start;
}
