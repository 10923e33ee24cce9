using System.Buffers.Binary;
using System.Text;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Network.UpperLayer;

/// <summary>
/// Decodes PDU bodies (PS3.8 section 9.3). Every item length is checked against the bytes left before
/// it is used; a fault raises <see cref="PduException"/> carrying the A-ABORT reason that names it.
/// Unrecognised items and sub-items are skipped, as PS3.8 9.3.1 and PS3.7 D.3.3 require.
/// </summary>
internal static class PduParser
{
    public static Pdu Parse(PduType type, ReadOnlyMemory<byte> body) => type switch
    {
        PduType.AssociateRequest => ParseAssociateRequest(body.Span),
        PduType.AssociateAccept => ParseAssociateAccept(body.Span),
        PduType.AssociateReject => ParseReject(RequireFixed(body.Span, type)),
        PduType.PDataTf => ParsePData(body),
        PduType.ReleaseRequest => Checked(body.Span, type, new ReleaseRequestPdu()),
        PduType.ReleaseResponse => Checked(body.Span, type, new ReleaseResponsePdu()),
        PduType.Abort => ParseAbort(RequireFixed(body.Span, type)),
        _ => throw new PduException(AbortReason.UnrecognizedPdu, $"unrecognised PDU type 0x{(byte)type:X2}"),
    };

    /// <summary>Parses the PDVs of a P-DATA-TF PDU; values are slices of <paramref name="body"/>.</summary>
    public static PDataTfPdu ParsePData(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>(1);
        ForEachPdv(body, (pdv, list) => list.Add(pdv), values);
        return new PDataTfPdu(values);
    }

    /// <summary>Walks the PDVs without building a list (the receive path's allocation-free form).</summary>
    public static void ForEachPdv<TState>(ReadOnlyMemory<byte> body, Action<PresentationDataValue, TState> action, TState state)
    {
        var span = body.Span;
        var pos = 0;
        if (span.Length == 0)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, "P-DATA-TF PDU holds no presentation data value");
        }

        while (pos < span.Length)
        {
            if (span.Length - pos < 6)
            {
                throw new PduException(AbortReason.InvalidPduParameterValue, $"truncated PDV item header at PDU offset {pos}");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
            if (length < 2 || length > (uint)(span.Length - pos - 4))
            {
                throw new PduException(AbortReason.InvalidPduParameterValue, $"PDV item length {length} at PDU offset {pos} does not fit the {span.Length - pos - 4} byte(s) left");
            }

            var contextId = span[pos + 4];
            var header = span[pos + 5];
            action(new PresentationDataValue(contextId, (header & 0x01) != 0, (header & 0x02) != 0, body.Slice(pos + 6, (int)length - 2)), state);
            pos += 4 + (int)length;
        }
    }

    /// <summary>A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT have a 4-byte body.</summary>
    private static ReadOnlySpan<byte> RequireFixed(ReadOnlySpan<byte> body, PduType type) =>
        body.Length == 4 ? body : throw new PduException(AbortReason.InvalidPduParameterValue, $"{type} PDU has length {body.Length}, expected 4");

    private static Pdu Checked(ReadOnlySpan<byte> body, PduType type, Pdu pdu)
    {
        RequireFixed(body, type);
        return pdu;
    }

    private static AssociateRejectPdu ParseReject(ReadOnlySpan<byte> body) => new((RejectResult)body[1], (RejectSource)body[2], body[3]);

    private static AbortPdu ParseAbort(ReadOnlySpan<byte> body) => new((AbortSource)body[2], (AbortReason)body[3]);

    private static AssociateRequestPdu ParseAssociateRequest(ReadOnlySpan<byte> body)
    {
        var parts = ParseAssociate(body, 0x20, static (value, offset) => ParseProposal(value, offset));
        return new AssociateRequestPdu(parts.Called, parts.Calling, parts.ApplicationContext, parts.Contexts, parts.UserInformation, parts.Version);
    }

    private static AssociateAcceptPdu ParseAssociateAccept(ReadOnlySpan<byte> body)
    {
        var parts = ParseAssociate(body, 0x21, static (value, offset) => ParseAnswer(value, offset));
        return new AssociateAcceptPdu(parts.Called, parts.Calling, parts.ApplicationContext, parts.Contexts, parts.UserInformation, parts.Version);
    }

    /// <summary>What A-ASSOCIATE-RQ and -AC share (PS3.8 9.3.2, 9.3.3): the fixed part, then items; they differ only in the presentation context item.</summary>
    private sealed record AssociateParts<TContext>(ushort Version, string Called, string Calling, string ApplicationContext, List<TContext> Contexts, UserInformation UserInformation);

    private static AssociateParts<TContext> ParseAssociate<TContext>(ReadOnlySpan<byte> body, byte contextItemType, Func<byte[], int, TContext> parseContext)
    {
        var (version, called, calling) = ParseAssociateHeader(body);
        string? applicationContext = null;
        var contexts = new List<TContext>();
        UserInformation? userInformation = null;
        foreach (var (type, value, offset) in Items(body, 68))
        {
            if (type == 0x10)
            {
                applicationContext = Uid(value);
            }
            else if (type == contextItemType)
            {
                contexts.Add(parseContext(value, offset));
            }
            else if (type == 0x50)
            {
                userInformation = ParseUserInformation(value);
            }
        }

        return new AssociateParts<TContext>(version, called, calling, RequireApplicationContext(applicationContext), contexts, RequireUserInformation(userInformation));
    }

    private static (ushort Version, string Called, string Calling) ParseAssociateHeader(ReadOnlySpan<byte> body)
    {
        if (body.Length < 68)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"A-ASSOCIATE PDU of {body.Length} bytes is shorter than its 68-byte fixed part");
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(body), AETitle(body.Slice(4, 16)), AETitle(body.Slice(20, 16)));
    }

    private static PresentationContextProposal ParseProposal(ReadOnlySpan<byte> value, int offset)
    {
        if (value.Length < 4)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"presentation context item at offset {offset} is truncated");
        }

        var id = value[0];
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        foreach (var (type, sub, _) in Items(value, 4))
        {
            if (type == 0x30)
            {
                abstractSyntax = Uid(sub);
            }
            else if (type == 0x40)
            {
                transferSyntaxes.Add(Uid(sub));
            }
        }

        if (abstractSyntax is null || transferSyntaxes.Count == 0)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"presentation context {id} lacks an abstract syntax or a transfer syntax");
        }

        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAnswer ParseAnswer(ReadOnlySpan<byte> value, int offset)
    {
        if (value.Length < 4)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"presentation context item at offset {offset} is truncated");
        }

        string transferSyntax = string.Empty;
        foreach (var (type, sub, _) in Items(value, 4))
        {
            if (type == 0x40)
            {
                transferSyntax = Uid(sub);
            }
        }

        return new PresentationContextAnswer(value[0], (PresentationContextResult)value[2], transferSyntax);
    }

    private static UserInformation ParseUserInformation(ReadOnlySpan<byte> value)
    {
        var info = new UserInformation();
        var roles = new List<RoleSelection>();
        var extended = new List<ExtendedNegotiation>();
        var common = new List<byte[]>();
        foreach (var (type, sub, offset) in Items(value, 0))
        {
            switch (type)
            {
                case 0x51:
                    RequireLength(sub, 4, "maximum length", offset);
                    info = info with { MaximumLength = BinaryPrimitives.ReadUInt32BigEndian(sub) };
                    break;
                case 0x52:
                    info = info with { ImplementationClassUid = Uid(sub) };
                    break;
                case 0x53:
                    RequireLength(sub, 4, "asynchronous operations window", offset);
                    info = info with { AsynchronousOperationsWindow = (BinaryPrimitives.ReadUInt16BigEndian(sub), BinaryPrimitives.ReadUInt16BigEndian(sub[2..])) };
                    break;
                case 0x54:
                    var roleUid = ShortUid(sub, offset, out var rest);
                    RequireLength(rest, 2, "role selection", offset);
                    roles.Add(new RoleSelection(roleUid, rest[0] != 0, rest[1] != 0));
                    break;
                case 0x55:
                    info = info with { ImplementationVersionName = Encoding.ASCII.GetString(sub).TrimEnd(' ', '\0') };
                    break;
                case 0x56:
                    var extendedUid = ShortUid(sub, offset, out var information);
                    extended.Add(new ExtendedNegotiation(extendedUid, information.ToArray()));
                    break;
                case 0x57:
                    common.Add(sub.ToArray());
                    break;
                case 0x58:
                    info = info with { UserIdentity = ParseUserIdentity(sub, offset) };
                    break;
                case 0x59:
                    var response = ShortField(sub, offset, "user identity response", out _);
                    info = info with { UserIdentityServerResponse = response.ToArray() };
                    break;
            }
        }

        return info with { RoleSelections = roles, ExtendedNegotiations = extended, CommonExtendedNegotiations = common };
    }

    private static UserIdentityRequest ParseUserIdentity(ReadOnlySpan<byte> sub, int offset)
    {
        RequireLength(sub, 4, "user identity", offset);
        var primary = ShortField(sub[2..], offset, "user identity primary field", out var rest);
        var secondary = rest.Length >= 2 ? ShortField(rest, offset, "user identity secondary field", out _) : ReadOnlySpan<byte>.Empty;
        return new UserIdentityRequest(sub[0], sub[1] != 0, primary.ToArray(), secondary.ToArray());
    }

    private static string ShortUid(ReadOnlySpan<byte> sub, int offset, out ReadOnlySpan<byte> rest) =>
        Uid(ShortField(sub, offset, "UID", out rest));

    /// <summary>A field preceded by its 16-bit big-endian length.</summary>
    private static ReadOnlySpan<byte> ShortField(ReadOnlySpan<byte> sub, int offset, string what, out ReadOnlySpan<byte> rest)
    {
        RequireLength(sub, 2, what, offset);
        var length = BinaryPrimitives.ReadUInt16BigEndian(sub);
        if (length > sub.Length - 2)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"{what} length {length} at offset {offset} exceeds its item");
        }

        rest = sub[(2 + length)..];
        return sub.Slice(2, length);
    }

    private static void RequireLength(ReadOnlySpan<byte> sub, int length, string what, int offset)
    {
        if (sub.Length < length)
        {
            throw new PduException(AbortReason.InvalidPduParameterValue, $"{what} item at offset {offset} has {sub.Length} byte(s), {length} needed");
        }
    }

    private static string RequireApplicationContext(string? name) =>
        name ?? throw new PduException(AbortReason.InvalidPduParameterValue, "A-ASSOCIATE PDU has no application context item");

    private static UserInformation RequireUserInformation(UserInformation? info) =>
        info ?? throw new PduException(AbortReason.InvalidPduParameterValue, "A-ASSOCIATE PDU has no user information item");

    private static string AETitle(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).Trim(' ', '\0');

    private static string Uid(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).TrimEnd(DicomTransferSyntax.UidPadding);

    /// <summary>Items of the form type(1) reserved(1) length(2, big-endian) value, from <paramref name="start"/> to the end.</summary>
    private static List<(byte Type, byte[] Value, int Offset)> Items(ReadOnlySpan<byte> body, int start)
    {
        var items = new List<(byte, byte[], int)>();
        var pos = start;
        while (pos < body.Length)
        {
            if (body.Length - pos < 4)
            {
                throw new PduException(AbortReason.InvalidPduParameterValue, $"truncated item header at offset {pos}");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(body[(pos + 2)..]);
            if (length > body.Length - pos - 4)
            {
                throw new PduException(AbortReason.InvalidPduParameterValue, $"item 0x{body[pos]:X2} at offset {pos} declares {length} byte(s), {body.Length - pos - 4} remain");
            }

            items.Add((body[pos], body.Slice(pos + 4, length).ToArray(), pos));
            pos += 4 + length;
        }

        return items;
    }
}
