namespace Declarative.Dicom.Data;

/// <summary>How a value representation is stored: drives codecs, padding and the typed accessors.</summary>
public enum DicomVRKind
{
    /// <summary>Character string, values separated by backslash.</summary>
    Text,
    /// <summary>Character string that holds one value, backslash allowed (LT, ST, UT, UR).</summary>
    SingleText,
    /// <summary>Fixed-size binary numbers (US, SS, UL, SL, FL, FD, SV, UV, AT).</summary>
    Binary,
    /// <summary>Byte or word streams (OB, OW, OD, OF, OL, OV, UN).</summary>
    Bulk,
    /// <summary>Sequence of items (SQ).</summary>
    Sequence,
}

/// <summary>
/// A value representation of PS3.5 section 6.2 (2024 edition). Every VR is a singleton, so two VRs
/// compare by reference.
/// </summary>
public sealed class DicomVR
{
    private DicomVR(string code, DicomVRKind kind, bool longHeader, byte padding, int valueSize, int maxLength, bool characterSetSensitive = false)
    {
        Code = code;
        Kind = kind;
        HasLongExplicitHeader = longHeader;
        PaddingByte = padding;
        ValueSize = valueSize;
        MaxLength = maxLength;
        IsCharacterSetSensitive = characterSetSensitive;
    }

    /// <summary>The two-letter code, e.g. "UI".</summary>
    public string Code { get; }

    public DicomVRKind Kind { get; }

    /// <summary>
    /// In Explicit VR encodings: true when the header has two reserved bytes and a 32-bit length
    /// (PS3.5 Table 7.1-1), false when it has a 16-bit length (Table 7.1-2).
    /// </summary>
    public bool HasLongExplicitHeader { get; }

    /// <summary>Byte used to pad a value to even length: NUL for UI and binary, space for text.</summary>
    public byte PaddingByte { get; }

    /// <summary>Size of one value in bytes for fixed-size binary VRs; 1 otherwise.</summary>
    public int ValueSize { get; }

    /// <summary>Maximum length of one value (characters for text, bytes for fixed binary); 0 when unbounded.</summary>
    public int MaxLength { get; }

    /// <summary>True when Specific Character Set (0008,0005) governs how the bytes decode (PS3.5 section 6.1.2.3).</summary>
    public bool IsCharacterSetSensitive { get; }

    public bool IsString => Kind is DicomVRKind.Text or DicomVRKind.SingleText;

    public override string ToString() => Code;

    public static readonly DicomVR AE = new("AE", DicomVRKind.Text, false, 0x20, 1, 16);
    public static readonly DicomVR AS = new("AS", DicomVRKind.Text, false, 0x20, 1, 4);
    public static readonly DicomVR AT = new("AT", DicomVRKind.Binary, false, 0x00, 4, 4);
    public static readonly DicomVR CS = new("CS", DicomVRKind.Text, false, 0x20, 1, 16);
    public static readonly DicomVR DA = new("DA", DicomVRKind.Text, false, 0x20, 1, 8);
    public static readonly DicomVR DS = new("DS", DicomVRKind.Text, false, 0x20, 1, 16);
    public static readonly DicomVR DT = new("DT", DicomVRKind.Text, false, 0x20, 1, 26);
    public static readonly DicomVR FD = new("FD", DicomVRKind.Binary, false, 0x00, 8, 8);
    public static readonly DicomVR FL = new("FL", DicomVRKind.Binary, false, 0x00, 4, 4);
    public static readonly DicomVR IS = new("IS", DicomVRKind.Text, false, 0x20, 1, 12);
    public static readonly DicomVR LO = new("LO", DicomVRKind.Text, false, 0x20, 1, 64, true);
    public static readonly DicomVR LT = new("LT", DicomVRKind.SingleText, false, 0x20, 1, 10240, true);
    public static readonly DicomVR OB = new("OB", DicomVRKind.Bulk, true, 0x00, 1, 0);
    public static readonly DicomVR OD = new("OD", DicomVRKind.Bulk, true, 0x00, 8, 0);
    public static readonly DicomVR OF = new("OF", DicomVRKind.Bulk, true, 0x00, 4, 0);
    public static readonly DicomVR OL = new("OL", DicomVRKind.Bulk, true, 0x00, 4, 0);
    public static readonly DicomVR OV = new("OV", DicomVRKind.Bulk, true, 0x00, 8, 0);
    public static readonly DicomVR OW = new("OW", DicomVRKind.Bulk, true, 0x00, 2, 0);
    public static readonly DicomVR PN = new("PN", DicomVRKind.Text, false, 0x20, 1, 64 * 5, true);
    public static readonly DicomVR SH = new("SH", DicomVRKind.Text, false, 0x20, 1, 16, true);
    public static readonly DicomVR SL = new("SL", DicomVRKind.Binary, false, 0x00, 4, 4);
    public static readonly DicomVR SQ = new("SQ", DicomVRKind.Sequence, true, 0x00, 1, 0);
    public static readonly DicomVR SS = new("SS", DicomVRKind.Binary, false, 0x00, 2, 2);
    public static readonly DicomVR ST = new("ST", DicomVRKind.SingleText, false, 0x20, 1, 1024, true);
    public static readonly DicomVR SV = new("SV", DicomVRKind.Binary, true, 0x00, 8, 8);
    public static readonly DicomVR TM = new("TM", DicomVRKind.Text, false, 0x20, 1, 14);
    public static readonly DicomVR UC = new("UC", DicomVRKind.Text, true, 0x20, 1, 0, true);
    public static readonly DicomVR UI = new("UI", DicomVRKind.Text, false, 0x00, 1, 64);
    public static readonly DicomVR UL = new("UL", DicomVRKind.Binary, false, 0x00, 4, 4);
    public static readonly DicomVR UN = new("UN", DicomVRKind.Bulk, true, 0x00, 1, 0);
    public static readonly DicomVR UR = new("UR", DicomVRKind.SingleText, true, 0x20, 1, 0);
    public static readonly DicomVR US = new("US", DicomVRKind.Binary, false, 0x00, 2, 2);
    public static readonly DicomVR UT = new("UT", DicomVRKind.SingleText, true, 0x20, 1, 0, true);
    public static readonly DicomVR UV = new("UV", DicomVRKind.Binary, true, 0x00, 8, 8);

    /// <summary>All value representations of PS3.5 (2024).</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN,
        SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];

    /// <summary>Finds a VR from the two bytes of an explicit VR header without allocating.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = (first, second) switch
        {
            ((byte)'A', (byte)'E') => AE, ((byte)'A', (byte)'S') => AS, ((byte)'A', (byte)'T') => AT,
            ((byte)'C', (byte)'S') => CS, ((byte)'D', (byte)'A') => DA, ((byte)'D', (byte)'S') => DS,
            ((byte)'D', (byte)'T') => DT, ((byte)'F', (byte)'D') => FD, ((byte)'F', (byte)'L') => FL,
            ((byte)'I', (byte)'S') => IS, ((byte)'L', (byte)'O') => LO, ((byte)'L', (byte)'T') => LT,
            ((byte)'O', (byte)'B') => OB, ((byte)'O', (byte)'D') => OD, ((byte)'O', (byte)'F') => OF,
            ((byte)'O', (byte)'L') => OL, ((byte)'O', (byte)'V') => OV, ((byte)'O', (byte)'W') => OW,
            ((byte)'P', (byte)'N') => PN, ((byte)'S', (byte)'H') => SH, ((byte)'S', (byte)'L') => SL,
            ((byte)'S', (byte)'Q') => SQ, ((byte)'S', (byte)'S') => SS, ((byte)'S', (byte)'T') => ST,
            ((byte)'S', (byte)'V') => SV, ((byte)'T', (byte)'M') => TM, ((byte)'U', (byte)'C') => UC,
            ((byte)'U', (byte)'I') => UI, ((byte)'U', (byte)'L') => UL, ((byte)'U', (byte)'N') => UN,
            ((byte)'U', (byte)'R') => UR, ((byte)'U', (byte)'S') => US, ((byte)'U', (byte)'T') => UT,
            ((byte)'U', (byte)'V') => UV,
            _ => null!,
        };
        return vr is not null;
    }

    public static DicomVR Parse(string code)
    {
        if (code is { Length: 2 } && TryParse((byte)code[0], (byte)code[1], out var vr))
        {
            return vr;
        }

        throw new FormatException($"'{code}' is not a DICOM value representation.");
    }
}
