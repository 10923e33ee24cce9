namespace Declarative.Dicom;

/// <summary>
/// A DIMSE status code (0000,0900) with its category (PS3.7 Annex C). Converts implicitly from
/// <see cref="ushort"/>, so a handler may return <c>0x0112</c> or <c>DimseStatus.NoSuchSopInstance</c>.
/// Partial: the service-class catalogue adds the specific statuses of PS3.4.
/// </summary>
public readonly partial struct DimseStatus : IEquatable<DimseStatus>
{
    public DimseStatus(ushort code) => Code = code;

    public ushort Code { get; }

    public DimseStatusCategory Category => Categorize(Code);

    public bool IsSuccess => Code == 0x0000;

    /// <summary>0xFF00 or 0xFF01: more responses to the same request follow (C-FIND matches, C-MOVE/C-GET progress).</summary>
    public bool IsPending => Code is 0xFF00 or 0xFF01;

    /// <summary>Success or Warning: the only categories that may carry a reply dataset (PS3.7 10.1.1.1.8 and the seed contract).</summary>
    public bool AllowsReplyDataset => DimseStatusCategories.AllowsReply(Code);

    public static DimseStatusCategory Categorize(ushort code) => DimseStatusCategories.Of(code);

    public static implicit operator DimseStatus(ushort code) => new(code);

    public static implicit operator ushort(DimseStatus status) => status.Code;

    public bool Equals(DimseStatus other) => Code == other.Code;

    public override bool Equals(object? obj) => obj is DimseStatus other && Equals(other);

    public override int GetHashCode() => Code;

    public static bool operator ==(DimseStatus left, DimseStatus right) => left.Code == right.Code;

    public static bool operator !=(DimseStatus left, DimseStatus right) => left.Code != right.Code;

    public override string ToString() => $"0x{Code:X4} ({Category})";

    // The general statuses of PS3.7 C.4; a service class's own live in the catalogue. The attribute states
    // each code once more in metadata, where the analyzers read it (a test checks the two agree).
    [DimseStatusCode(0x0000)]
    public static DimseStatus Success => new(0x0000);

    [DimseStatusCode(0xFE00)]
    public static DimseStatus Cancel => new(0xFE00);

    [DimseStatusCode(0xFF00)]
    public static DimseStatus Pending => new(0xFF00);

    [DimseStatusCode(0x0107)]
    public static DimseStatus AttributeListError => new(0x0107);

    [DimseStatusCode(0x0116)]
    public static DimseStatus AttributeValueOutOfRange => new(0x0116);

    [DimseStatusCode(0x0110)]
    public static DimseStatus ProcessingFailure => new(0x0110);

    [DimseStatusCode(0x0111)]
    public static DimseStatus DuplicateSopInstance => new(0x0111);

    [DimseStatusCode(0x0112)]
    public static DimseStatus NoSuchSopInstance => new(0x0112);

    [DimseStatusCode(0x0113)]
    public static DimseStatus NoSuchEventType => new(0x0113);

    [DimseStatusCode(0x0114)]
    public static DimseStatus NoSuchArgument => new(0x0114);

    [DimseStatusCode(0x0115)]
    public static DimseStatus InvalidArgumentValue => new(0x0115);

    [DimseStatusCode(0x0106)]
    public static DimseStatus InvalidAttributeValue => new(0x0106);

    [DimseStatusCode(0x0117)]
    public static DimseStatus InvalidObjectInstance => new(0x0117);

    [DimseStatusCode(0x0118)]
    public static DimseStatus NoSuchSopClass => new(0x0118);

    [DimseStatusCode(0x0119)]
    public static DimseStatus ClassInstanceConflict => new(0x0119);

    [DimseStatusCode(0x0120)]
    public static DimseStatus MissingAttribute => new(0x0120);

    [DimseStatusCode(0x0121)]
    public static DimseStatus MissingAttributeValue => new(0x0121);

    [DimseStatusCode(0x0122)]
    public static DimseStatus SopClassNotSupported => new(0x0122);

    [DimseStatusCode(0x0105)]
    public static DimseStatus NoSuchAttribute => new(0x0105);

    [DimseStatusCode(0x0123)]
    public static DimseStatus NoSuchAction => new(0x0123);

    [DimseStatusCode(0x0124)]
    public static DimseStatus NotAuthorized => new(0x0124);

    [DimseStatusCode(0x0210)]
    public static DimseStatus DuplicateInvocation => new(0x0210);

    [DimseStatusCode(0x0211)]
    public static DimseStatus UnrecognizedOperation => new(0x0211);

    [DimseStatusCode(0x0212)]
    public static DimseStatus MistypedArgument => new(0x0212);

    [DimseStatusCode(0x0213)]
    public static DimseStatus ResourceLimitation => new(0x0213);

    // The query/retrieve statuses of PS3.4 C.4.1.1.4 and K.4.1.1.4 that the runtime itself sends for a C-FIND.

    /// <summary>0xFF01: matches are continuing; one or more Optional Keys were not supported for existence or matching.</summary>
    [DimseStatusCode(0xFF01)]
    public static DimseStatus PendingOptionalKeysNotSupported => new(0xFF01);

    /// <summary>0xA700: refused, out of resources.</summary>
    [DimseStatusCode(0xA700)]
    public static DimseStatus OutOfResources => new(0xA700);

    /// <summary>0xA900: the Identifier does not match the SOP class (its Query/Retrieve Level is missing or not the model's).</summary>
    [DimseStatusCode(0xA900)]
    public static DimseStatus IdentifierDoesNotMatchSopClass => new(0xA900);

    /// <summary>0xA702: refused, out of resources, unable to perform sub-operations (C-MOVE, C-GET: every C-STORE failed).</summary>
    [DimseStatusCode(0xA702)]
    public static DimseStatus UnableToPerformSubOperations => new(0xA702);

    /// <summary>0xA801: refused, the C-MOVE's destination is not an AE the SCP knows.</summary>
    [DimseStatusCode(0xA801)]
    public static DimseStatus MoveDestinationUnknown => new(0xA801);

    /// <summary>0xB000: sub-operations complete, one or more failures or warnings (C-MOVE, C-GET).</summary>
    [DimseStatusCode(0xB000)]
    public static DimseStatus SubOperationsCompleteWithFailures => new(0xB000);

    /// <summary>0xC000: failed, unable to process (the first code of the C000–CFFF range).</summary>
    [DimseStatusCode(0xC000)]
    public static DimseStatus UnableToProcess => new(0xC000);

    /// <summary>0xC001: the status pynetdicom sends when a handler's status dataset lacks (0000,0900).</summary>
    [DimseStatusCode(0xC001)]
    public static DimseStatus StatusDatasetWithoutStatus => new(0xC001);
}

/// <summary>The code of a <see cref="DimseStatus"/> member, readable from metadata by the analyzers.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DimseStatusCodeAttribute : Attribute
{
    public DimseStatusCodeAttribute(ushort code) => Code = code;

    public ushort Code { get; }
}
