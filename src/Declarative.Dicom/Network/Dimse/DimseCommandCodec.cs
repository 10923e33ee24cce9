using System.Buffers.Binary;
using System.Text;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Network.Dimse;

/// <summary>
/// Encodes and decodes command sets: always Implicit VR Little Endian, led by Command Group Length
/// (0000,0000) (PS3.7 section 6.3.1). Written directly, element by element, without a dataset in between,
/// because every message on the hot path goes through here.
/// </summary>
internal static class DimseCommandCodec
{
    /// <summary>Largest command set accepted; real ones are a few hundred bytes.</summary>
    public const int MaxCommandLength = 64 * 1024;

    public static void Encode(ByteBuffer output, DimseCommand command)
    {
        WriteUInt32(output, 0x0000, 0);
        var lengthAt = output.Length - 4;
        var groupStart = output.Length;
        WriteUid(output, 0x0002, command.AffectedSopClassUid);
        WriteUid(output, 0x0003, command.RequestedSopClassUid);
        WriteUInt16(output, 0x0100, (ushort)command.CommandField);
        WriteUInt16(output, 0x0110, command.MessageId);
        WriteUInt16(output, 0x0120, command.MessageIdBeingRespondedTo);
        WriteText(output, 0x0600, command.MoveDestination, 0x20);
        WriteUInt16(output, 0x0700, command.Priority);
        WriteUInt16(output, 0x0800, command.HasDataset ? (ushort)0x0000 : DimseCommand.NoDataSet);
        WriteUInt16(output, 0x0900, command.Status);
        WriteTags(output, 0x0901, command.OffendingElements);
        WriteText(output, 0x0902, command.ErrorComment, 0x20);
        WriteUInt16(output, 0x0903, command.ErrorId);
        WriteUid(output, 0x1000, command.AffectedSopInstanceUid);
        WriteUid(output, 0x1001, command.RequestedSopInstanceUid);
        WriteUInt16(output, 0x1002, command.EventTypeId);
        WriteTags(output, 0x1005, command.AttributeIdentifierList);
        WriteUInt16(output, 0x1008, command.ActionTypeId);
        WriteUInt16(output, 0x1020, command.NumberOfRemainingSuboperations);
        WriteUInt16(output, 0x1021, command.NumberOfCompletedSuboperations);
        WriteUInt16(output, 0x1022, command.NumberOfFailedSuboperations);
        WriteUInt16(output, 0x1023, command.NumberOfWarningSuboperations);
        WriteText(output, 0x1030, command.MoveOriginatorAETitle, 0x20);
        WriteUInt16(output, 0x1031, command.MoveOriginatorMessageId);
        output.PatchUInt32(lengthAt, (uint)(output.Length - groupStart));
    }

    /// <summary>Decodes a command set; <paramref name="strings"/>, when given, spares the strings a previous command already decoded.</summary>
    /// <summary>Decodes a command set, into <paramref name="into"/> (cleared first) when one is given for reuse.</summary>
    public static DimseCommand Decode(ReadOnlySpan<byte> bytes, AsciiStringCache? strings = null, DimseCommand? into = null)
    {
        var command = into ?? new DimseCommand();
        command.Clear();
        var hasCommandField = false;
        var pos = 0;
        while (pos < bytes.Length)
        {
            if (bytes.Length - pos < 8)
            {
                throw new DicomDecodeException(pos, null, "command set ends inside an element header");
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(pos + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(pos + 4)..]);
            var tag = new DicomTag(group, element);
            if (length > (uint)(bytes.Length - pos - 8))
            {
                throw new DicomDecodeException(pos, tag, $"command element length {length} exceeds the {bytes.Length - pos - 8} byte(s) left");
            }

            var value = bytes.Slice(pos + 8, (int)length);
            pos += 8 + (int)length;
            if (group != 0x0000)
            {
                throw new DicomDecodeException(pos, tag, "a command set holds only group 0000 elements");
            }

            switch (element)
            {
                case 0x0002: command.AffectedSopClassUid = Uid(value, strings); break;
                case 0x0003: command.RequestedSopClassUid = Uid(value, strings); break;
                case 0x0100: command.CommandField = (DimseCommandField)UInt16(value, tag); hasCommandField = true; break;
                case 0x0110: command.MessageId = UInt16(value, tag); break;
                case 0x0120: command.MessageIdBeingRespondedTo = UInt16(value, tag); break;
                case 0x0600: command.MoveDestination = Text(value); break;
                case 0x0700: command.Priority = UInt16(value, tag); break;
                case 0x0800: command.HasDataset = UInt16(value, tag) != DimseCommand.NoDataSet; break;
                case 0x0900: command.Status = UInt16(value, tag); break;
                case 0x0901: command.OffendingElements = Tags(value); break;
                case 0x0902: command.ErrorComment = Text(value); break;
                case 0x0903: command.ErrorId = UInt16(value, tag); break;
                case 0x1000: command.AffectedSopInstanceUid = Uid(value, strings); break;
                case 0x1001: command.RequestedSopInstanceUid = Uid(value, strings); break;
                case 0x1002: command.EventTypeId = UInt16(value, tag); break;
                case 0x1005: command.AttributeIdentifierList = Tags(value); break;
                case 0x1008: command.ActionTypeId = UInt16(value, tag); break;
                case 0x1020: command.NumberOfRemainingSuboperations = UInt16(value, tag); break;
                case 0x1021: command.NumberOfCompletedSuboperations = UInt16(value, tag); break;
                case 0x1022: command.NumberOfFailedSuboperations = UInt16(value, tag); break;
                case 0x1023: command.NumberOfWarningSuboperations = UInt16(value, tag); break;
                case 0x1030: command.MoveOriginatorAETitle = Text(value); break;
                case 0x1031: command.MoveOriginatorMessageId = UInt16(value, tag); break;
                default: break; // group length and retired or unknown command elements carry nothing we act on
            }
        }

        if (!hasCommandField)
        {
            throw new DicomDecodeException(0, DicomTag.CommandField, "command set has no Command Field");
        }

        return command;
    }

    private static ushort UInt16(ReadOnlySpan<byte> value, DicomTag tag) =>
        value.Length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : throw new DicomDecodeException(0, tag, $"US value of {value.Length} bytes, 2 expected");

    private static string Uid(ReadOnlySpan<byte> value, AsciiStringCache? strings)
    {
        // Trailing padding (NUL, or space from careless peers) is not part of a UID.
        var end = value.Length;
        while (end > 0 && value[end - 1] is 0 or (byte)' ')
        {
            end--;
        }

        return strings?.Get(value[..end]) ?? Encoding.ASCII.GetString(value[..end]);
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).Trim(DicomTransferSyntax.UidPadding);

    private static DicomTag[] Tags(ReadOnlySpan<byte> value)
    {
        var tags = new DicomTag[value.Length / 4];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(value[(i * 4)..]), BinaryPrimitives.ReadUInt16LittleEndian(value[(i * 4 + 2)..]));
        }

        return tags;
    }

    private static void Header(ByteBuffer output, ushort element, int length)
    {
        output.WriteUInt16(0x0000);
        output.WriteUInt16(element);
        output.WriteUInt32((uint)length);
    }

    private static void WriteUInt16(ByteBuffer output, ushort element, ushort? value)
    {
        if (value is { } v)
        {
            Header(output, element, 2);
            output.WriteUInt16(v);
        }
    }

    private static void WriteUInt32(ByteBuffer output, ushort element, uint value)
    {
        Header(output, element, 4);
        output.WriteUInt32(value);
    }

    private static void WriteUid(ByteBuffer output, ushort element, string? uid) => WriteText(output, element, uid, 0x00);

    private static void WriteText(ByteBuffer output, ushort element, string? text, byte padding)
    {
        if (text is null)
        {
            return;
        }

        var length = Encoding.ASCII.GetByteCount(text);
        var padded = length + (length & 1);
        Header(output, element, padded);
        Encoding.ASCII.GetBytes(text, output.GetSpan(length));
        output.Advance(length);
        if (padded != length)
        {
            output.WriteByte(padding);
        }
    }

    private static void WriteTags(ByteBuffer output, ushort element, DicomTag[]? tags)
    {
        if (tags is null)
        {
            return;
        }

        Header(output, element, tags.Length * 4);
        foreach (var tag in tags)
        {
            output.WriteUInt16(tag.Group);
            output.WriteUInt16(tag.Element);
        }
    }
}
