using System.Globalization;
using System.Text;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tool.Dump;

/// <summary>
/// A dataset as text in dcmdump's layout: "(gggg,eeee) VR value", the value padded to a column, then
/// "# length, VM keyword"; sequences and items indented two spaces a level with their delimitation lines,
/// so a diff against dcmdump's output lines up. UIDs are printed as numbers, as dcmdump -Un does.
/// Long binary values are cut after 64 values with "...", the way dcmdump cuts them by default.
/// </summary>
internal static class DcmdumpFormat
{
    private const int ValueColumn = 56;
    private const int MaxBinaryValues = 64;

    public static string File(DicomFile file)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine("# Dicom-File-Format").AppendLine();
        text.AppendLine("# Dicom-Meta-Information-Header");
        text.AppendLine($"# Used TransferSyntax: {SyntaxName(DicomTransferSyntax.ExplicitVRLittleEndian)}");
        Dataset(text, WithGroupLength(file.FileMetaInformation), DicomTransferSyntax.ExplicitVRLittleEndian, 0);
        text.AppendLine().AppendLine("# Dicom-Data-Set");
        text.AppendLine($"# Used TransferSyntax: {SyntaxName(file.TransferSyntax)}");
        Dataset(text, file.Dataset, file.TransferSyntax, 0);
        return text.ToString();
    }

    /// <summary>
    /// The meta information as it is in the file: the reader drops (0002,0000) and the writer computes it again,
    /// so it is computed here the same way to show what dcmdump shows.
    /// </summary>
    private static DicomDataset WithGroupLength(DicomDataset meta)
    {
        if (meta.Contains(GroupLength))
        {
            return meta;
        }

        var length = (uint)meta.Encode(DicomTransferSyntax.ExplicitVRLittleEndian).Length;
        return new DicomDataset(meta).Set(GroupLength, DicomVR.UL, length);
    }

    private static readonly DicomTag GroupLength = new(0x0002, 0x0000);

    /// <summary>The lines of one dataset, each indented by <paramref name="depth"/> levels.</summary>
    public static void Dataset(StringBuilder text, DicomDataset dataset, DicomTransferSyntax syntax, int depth)
    {
        foreach (var attribute in dataset)
        {
            switch (attribute)
            {
                case DicomSequence sequence:
                    WriteSequence(text, sequence, syntax, depth);
                    break;
                case DicomElement element:
                    var (value, multiplicity) = Value(dataset, element);
                    Line(text, depth, attribute.Tag, element.VR.Code, value, LengthOf(dataset, element).ToString(CultureInfo.InvariantCulture), multiplicity, Keyword(attribute.Tag));
                    break;
            }
        }
    }

    private static void WriteSequence(StringBuilder text, DicomSequence sequence, DicomTransferSyntax syntax, int depth)
    {
        var itemLengths = sequence.Items.Select(item => item.Encode(syntax).Length).ToList();
        var length = itemLengths.Sum(l => l + 8);
        Line(text, depth, sequence.Tag, "SQ", $"(Sequence with explicit length #={sequence.Count})", Len(length), 1, Keyword(sequence.Tag));
        for (var i = 0; i < sequence.Count; i++)
        {
            Line(text, depth + 1, Item, "na", $"(Item with explicit length #={sequence[i].Count})", Len(itemLengths[i]), 1, "Item");
            Dataset(text, sequence[i], syntax, depth + 2);
            Line(text, depth + 1, ItemDelimitation, "na", "(ItemDelimitationItem for re-encoding)", "0", 0, "ItemDelimitationItem");
        }

        Line(text, depth, SequenceDelimitation, "na", "(SequenceDelimitationItem for re-encod.)", "0", 0, "SequenceDelimitationItem");
    }

    private static readonly DicomTag Item = new(0xFFFE, 0xE000);
    private static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    private static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);

    private static string Len(int length) => length.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, int depth, DicomTag tag, string vr, string value, string length, int multiplicity, string keyword)
    {
        var head = $"{new string(' ', 2 * depth)}({tag.Group:x4},{tag.Element:x4}) {vr} {value}";
        // dcmdump pads by bytes, not characters: a UTF-8 name pushes the column out just as far.
        var used = Encoding.UTF8.GetByteCount(head);
        text.Append(head).Append(' ', Math.Max(1, ValueColumn + 2 * depth - used));
        text.Append(CultureInfo.InvariantCulture, $"# {length,3}, {multiplicity} {keyword}").AppendLine();
    }

    private static string Keyword(DicomTag tag) =>
        tag.IsGroupLength ? (tag.Group == 0x0002 ? "FileMetaInformationGroupLength" : "GenericGroupLength")
        : tag.Keyword ?? (tag.IsPrivate ? "PrivateTag" : "Unknown Tag & Data");

    /// <summary>The value as dcmdump shows it, and its multiplicity.</summary>
    private static (string Value, int Multiplicity) Value(DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        if (element.RawValue.IsEmpty && vr.Kind != DicomVRKind.Text && vr.Kind != DicomVRKind.SingleText)
        {
            return ("(no value available)", 0);
        }

        if (vr.IsString)
        {
            var values = dataset.GetStrings(element.Tag);
            var joined = string.Join('\\', values);
            return joined.Length == 0 ? ("(no value available)", 0) : ($"[{joined}]", values.Length);
        }

        return vr.Code switch
        {
            "US" or "UL" or "UV" => Numbers(dataset.GetValues<ulong>(element.Tag)),
            "SS" or "SL" or "SV" => Numbers(dataset.GetValues<long>(element.Tag)),
            "FL" or "FD" => Numbers(dataset.GetValues<double>(element.Tag)),
            "AT" => Numbers(dataset.GetValues<DicomTag>(element.Tag).Select(t => $"({t.Group:x4},{t.Element:x4})").ToArray()),
            "OW" => Hex(element.RawValue.Span, 2),
            "OL" or "OF" => Hex(element.RawValue.Span, 4),
            "OD" or "OV" => Hex(element.RawValue.Span, 8),
            _ => Hex(element.RawValue.Span, 1),
        };
    }

    private static (string, int) Numbers<T>(T[] values) =>
        (string.Join('\\', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))), values.Length);

    /// <summary>Binary values as little-endian words of <paramref name="size"/> bytes in hex; VM 1, as dcmdump counts OB and OW.</summary>
    private static (string, int) Hex(ReadOnlySpan<byte> bytes, int size)
    {
        var text = new StringBuilder();
        var count = bytes.Length / size;
        for (var i = 0; i < count && i < MaxBinaryValues; i++)
        {
            if (i > 0)
            {
                text.Append('\\');
            }

            for (var b = size - 1; b >= 0; b--)
            {
                text.Append(bytes[i * size + b].ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        if (count > MaxBinaryValues)
        {
            text.Append("...");
        }

        return (text.ToString(), 1);
    }

    /// <summary>The value's length in the file: what it encodes to, padded to even as on the wire.</summary>
    private static int LengthOf(DicomDataset dataset, DicomElement element)
    {
        var length = element.VR.IsString ? dataset.GetBytes(element.Tag).Length : element.RawValue.Length;
        return length + (length & 1);
    }

    private static string SyntaxName(DicomTransferSyntax syntax) =>
        syntax.Uid switch
        {
            "1.2.840.10008.1.2" => "Little Endian Implicit",
            "1.2.840.10008.1.2.1" => "Little Endian Explicit",
            "1.2.840.10008.1.2.1.99" => "Deflated Explicit VR Little Endian",
            "1.2.840.10008.1.2.2" => "Big Endian Explicit",
            _ => syntax.Name,
        };
}
