using System.Text;

namespace Declarative.Dicom.Data;

/// <summary>
/// The character set named by Specific Character Set (0008,0005), PS3.5 section 6.1 and PS3.3 C.12.1.1.2.
/// Supported: the default repertoire (ISO_IR 6), ISO_IR 192 (UTF-8), GB18030, GBK and the single-byte
/// ISO 8859 sets. ISO 2022 code extensions (escape sequences, multi-valued terms) are refused with a
/// <see cref="DicomCharacterSetException"/> when a value that needs them is read, never decoded to garbage.
/// </summary>
public sealed class DicomCharacterSet
{
    private static readonly Encoding StrictAscii = Encoding.GetEncoding(
        "us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private readonly Encoding? _encoding;
    private readonly string? _unsupportedReason;

    private DicomCharacterSet(string term, Encoding? encoding, string? unsupportedReason = null)
    {
        Term = term;
        _encoding = encoding;
        _unsupportedReason = unsupportedReason;
    }

    /// <summary>The defined term as it appears in (0008,0005); empty for the default repertoire.</summary>
    public string Term { get; }

    /// <summary>The default repertoire: ASCII without control characters other than those PS3.5 allows.</summary>
    public static DicomCharacterSet Default { get; } = new(string.Empty, StrictAscii);

    public static DicomCharacterSet Utf8 { get; } = new("ISO_IR 192", new UTF8Encoding(false, throwOnInvalidBytes: true));

    /// <summary>Resolves the values of (0008,0005). Unknown terms give a set that fails with a clear message on use.</summary>
    public static DicomCharacterSet FromSpecificCharacterSet(IReadOnlyList<string> values)
    {
        var terms = values.Select(v => v.Trim()).ToArray();
        if (terms.Length == 0 || (terms.Length == 1 && terms[0].Length == 0))
        {
            return Default;
        }

        // A first value that is empty means "default repertoire, then extensions": only ISO 2022 uses that.
        if (terms.Length > 1 && !terms.Skip(1).All(t => t == terms[0]))
        {
            return new DicomCharacterSet(string.Join('\\', terms), null,
                $"Specific Character Set '{string.Join('\\', terms)}' uses ISO 2022 code extensions, which this runtime does not decode");
        }

        var term = terms[0];
        var codePage = term switch
        {
            "ISO_IR 6" or "ISO 2022 IR 6" => 20127,
            "ISO_IR 192" => 65001,
            "ISO_IR 100" or "ISO 2022 IR 100" => 28591,
            "ISO_IR 101" or "ISO 2022 IR 101" => 28592,
            "ISO_IR 109" or "ISO 2022 IR 109" => 28593,
            "ISO_IR 110" or "ISO 2022 IR 110" => 28594,
            "ISO_IR 144" or "ISO 2022 IR 144" => 28595,
            "ISO_IR 127" or "ISO 2022 IR 127" => 28596,
            "ISO_IR 126" or "ISO 2022 IR 126" => 28597,
            "ISO_IR 138" or "ISO 2022 IR 138" => 28598,
            "ISO_IR 148" or "ISO 2022 IR 148" => 28599,
            "ISO_IR 203" or "ISO 2022 IR 203" => 28605,
            "ISO_IR 166" or "ISO 2022 IR 166" => 874,
            "GB18030" => 54936,
            "GBK" => 936,
            _ => 0,
        };
        if (codePage == 0)
        {
            return new DicomCharacterSet(term, null, $"Specific Character Set '{term}' is not supported by this runtime");
        }

        if (codePage == 20127)
        {
            return Default;
        }

        if (codePage == 65001)
        {
            return Utf8;
        }

        var encoding = codePage == 28591
            ? Encoding.GetEncoding(28591, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
            : CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return encoding is null
            ? new DicomCharacterSet(term, null, $"Specific Character Set '{term}' (code page {codePage}) is not available on this platform")
            : new DicomCharacterSet(term, encoding);
    }

    public string Decode(DicomTag tag, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf((byte)0x1B) >= 0)
        {
            throw new DicomCharacterSetException(tag, "the value holds ISO 2022 escape sequences, which this runtime does not decode");
        }

        var encoding = RequireEncoding(tag);
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new DicomCharacterSetException(tag, $"the value holds bytes that are not valid in {Describe()} (byte 0x{FirstBad(bytes):X2}); the sender may have omitted Specific Character Set (0008,0005)", ex);
        }
    }

    public ReadOnlyMemory<byte> Encode(DicomTag tag, string text)
    {
        var encoding = RequireEncoding(tag);
        try
        {
            return encoding.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new DicomCharacterSetException(tag, $"the text cannot be encoded in {Describe()}; set Specific Character Set (0008,0005), e.g. to ISO_IR 192 for UTF-8", ex);
        }
    }

    private Encoding RequireEncoding(DicomTag tag) =>
        _encoding ?? throw new DicomCharacterSetException(tag, _unsupportedReason!);

    private string Describe() => Term.Length == 0 ? "the default character repertoire (ASCII)" : $"character set '{Term}'";

    private static byte FirstBad(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                return b;
            }
        }

        return 0;
    }

    public override string ToString() => Term.Length == 0 ? "ISO_IR 6" : Term;
}
