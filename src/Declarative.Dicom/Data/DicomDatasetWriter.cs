namespace Declarative.Dicom.Data;

/// <summary>
/// Encodes datasets in Implicit or Explicit VR Little Endian (PS3.5 sections 7.1 to 7.5). Values are
/// padded to even length with their VR's padding byte; group length elements are not written (the
/// command set and file meta writers compute their own).
/// </summary>
internal static class DicomDatasetWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    public static void Write(ByteBuffer output, DicomDataset dataset, bool explicitVR, DicomWriteOptions options)
    {
        var charset = dataset.CharacterSet;
        foreach (var attribute in dataset)
        {
            if (attribute.Tag.IsGroupLength)
            {
                continue;
            }

            switch (attribute)
            {
                case DicomSequence sequence:
                    WriteSequence(output, sequence, explicitVR, options);
                    break;
                case DicomElement element:
                    WriteElement(output, element, explicitVR, charset);
                    break;
            }
        }
    }

    private static void WriteElement(ByteBuffer output, DicomElement element, bool explicitVR, DicomCharacterSet charset)
    {
        if (element.IsEncapsulated)
        {
            WriteHeader(output, element.Tag, element.VR, UndefinedLength, explicitVR);
            output.Write(element.RawValue.Span);
            return;
        }

        var value = element.Encode(charset).Span;
        var padded = value.Length + (value.Length & 1);
        if (explicitVR && !element.VR.HasLongExplicitHeader && padded > ushort.MaxValue)
        {
            throw new DicomValueException(element.Tag, $"a {element.VR} value of {padded} bytes does not fit the 16-bit length of an Explicit VR header");
        }

        WriteHeader(output, element.Tag, element.VR, (uint)padded, explicitVR);
        output.Write(value);
        if (padded != value.Length)
        {
            output.WriteByte(element.VR.PaddingByte);
        }
    }

    private static void WriteSequence(ByteBuffer output, DicomSequence sequence, bool explicitVR, DicomWriteOptions options)
    {
        var undefined = options.UndefinedLengthSequences;
        WriteHeader(output, sequence.Tag, DicomVR.SQ, undefined ? UndefinedLength : 0, explicitVR);
        var lengthAt = output.Length - 4;
        var start = output.Length;
        for (var i = 0; i < sequence.Count; i++) // indexed: Items is an interface, its enumerator would be boxed
        {
            var item = sequence[i];
            output.WriteUInt16(0xFFFE);
            output.WriteUInt16(0xE000);
            output.WriteUInt32(undefined ? UndefinedLength : 0);
            var itemLengthAt = output.Length - 4;
            var itemStart = output.Length;
            Write(output, item, explicitVR, options);
            if (undefined)
            {
                output.WriteUInt16(0xFFFE);
                output.WriteUInt16(0xE00D);
                output.WriteUInt32(0);
            }
            else
            {
                output.PatchUInt32(itemLengthAt, (uint)(output.Length - itemStart));
            }
        }

        if (undefined)
        {
            output.WriteUInt16(0xFFFE);
            output.WriteUInt16(0xE0DD);
            output.WriteUInt32(0);
        }
        else
        {
            output.PatchUInt32(lengthAt, (uint)(output.Length - start));
        }
    }

    private static void WriteHeader(ByteBuffer output, DicomTag tag, DicomVR vr, uint length, bool explicitVR)
    {
        output.WriteUInt16(tag.Group);
        output.WriteUInt16(tag.Element);
        if (!explicitVR)
        {
            output.WriteUInt32(length);
            return;
        }

        output.WriteByte((byte)vr.Code[0]);
        output.WriteByte((byte)vr.Code[1]);
        if (vr.HasLongExplicitHeader)
        {
            output.WriteUInt16(0);
            output.WriteUInt32(length);
        }
        else
        {
            output.WriteUInt16((ushort)length);
        }
    }
}
