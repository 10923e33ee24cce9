namespace Declarative.Dicom;

/// <summary>
/// Declares a private SOP class, so that handlers for it get the same generated code and checks as a
/// standard one: <c>[assembly: PrivateSopClass("1.2.826.0.1.3680043.2.1125.99.1", "AcmeAlerts")]</c>.
/// Its statuses are judged by the general tables of PS3.7.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PrivateSopClassAttribute : Attribute
{
    public PrivateSopClassAttribute(string uid, string keyword)
    {
        Uid = uid;
        Keyword = keyword;
    }

    public string Uid { get; }

    public string Keyword { get; }
}

/// <summary>Declares an event type of a private SOP class and names its typed accessor.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PrivateEventTypeAttribute : Attribute
{
    public PrivateEventTypeAttribute(string sopClassUid, ushort eventTypeId, string accessorName)
    {
        SopClassUid = sopClassUid;
        EventTypeId = eventTypeId;
        AccessorName = accessorName;
    }

    public string SopClassUid { get; }

    public ushort EventTypeId { get; }

    public string AccessorName { get; }

    /// <summary>The event type's name in messages; the accessor name when not set.</summary>
    public string? Name { get; set; }
}

/// <summary>One attribute of a private event type's Event Information or Event Reply (top level; sequences read as item lists without typed items).</summary>
public abstract class PrivateEventAttributeDeclaration : Attribute
{
    private protected PrivateEventAttributeDeclaration(string sopClassUid, ushort eventTypeId, uint tag, string keyword, string vr)
    {
        SopClassUid = sopClassUid;
        EventTypeId = eventTypeId;
        Tag = tag;
        Keyword = keyword;
        VR = vr;
    }

    public string SopClassUid { get; }

    public ushort EventTypeId { get; }

    public uint Tag { get; }

    public string Keyword { get; }

    public string VR { get; }

    /// <summary>"1", "1C", "2", "2C" or "3" (the default).</summary>
    public string Requirement { get; set; } = "3";

    public string ValueMultiplicity { get; set; } = "1";
}

/// <summary>
/// Declares one attribute of a private event type's Event Information. A Type 1 attribute ("1") is checked
/// before the handler is called: without it the peer gets 0x0115 and the handler is not called.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PrivateEventInformationAttribute : PrivateEventAttributeDeclaration
{
    public PrivateEventInformationAttribute(string sopClassUid, ushort eventTypeId, uint tag, string keyword, string vr)
        : base(sopClassUid, eventTypeId, tag, keyword, vr)
    {
    }
}

/// <summary>
/// Declares one attribute of a private event type's Event Reply. An event type with at least one is said to
/// define a reply: a Success or Warning without its Type 1 attributes is an error (DCM1002), with a code fix
/// that adds a stub.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PrivateEventReplyAttribute : PrivateEventAttributeDeclaration
{
    public PrivateEventReplyAttribute(string sopClassUid, ushort eventTypeId, uint tag, string keyword, string vr)
        : base(sopClassUid, eventTypeId, tag, keyword, vr)
    {
    }
}
