using System.Text;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Network.UpperLayer;

/// <summary>Encodes PDUs (PS3.8 section 9.3). Upper Layer fields are big-endian; AE titles are 16 bytes, space padded.</summary>
internal static class PduWriter
{
    public static void Write(ByteBuffer output, Pdu pdu)
    {
        switch (pdu)
        {
            case AssociateRequestPdu rq:
                WriteAssociate(output, PduType.AssociateRequest, rq.ProtocolVersion, rq.CalledAETitle, rq.CallingAETitle, rq.ApplicationContextName, rq.UserInformation,
                    o => WriteProposals(o, rq.PresentationContexts), isRequest: true);
                break;
            case AssociateAcceptPdu ac:
                WriteAssociate(output, PduType.AssociateAccept, ac.ProtocolVersion, ac.CalledAETitle, ac.CallingAETitle, ac.ApplicationContextName, ac.UserInformation,
                    o => WriteAnswers(o, ac.PresentationContexts), isRequest: false);
                break;
            case AssociateRejectPdu rj:
                WriteFixed(output, PduType.AssociateReject, 0, (byte)rj.Result, (byte)rj.Source, rj.Reason);
                break;
            case ReleaseRequestPdu:
                WriteFixed(output, PduType.ReleaseRequest, 0, 0, 0, 0);
                break;
            case ReleaseResponsePdu:
                WriteFixed(output, PduType.ReleaseResponse, 0, 0, 0, 0);
                break;
            case AbortPdu abort:
                WriteFixed(output, PduType.Abort, 0, 0, (byte)abort.Source, (byte)abort.Reason);
                break;
            case PDataTfPdu data:
                var lengthAt = StartPdu(output, PduType.PDataTf);
                foreach (var pdv in data.Values)
                {
                    WritePdvHeader(output, pdv.PresentationContextId, pdv.IsCommand, pdv.IsLastFragment, pdv.Fragment.Length);
                    output.Write(pdv.Fragment.Span);
                }

                EndPdu(output, lengthAt);
                break;
            default:
                throw new ArgumentException($"Unknown PDU {pdu.GetType().Name}", nameof(pdu));
        }
    }

    /// <summary>PDV item header (PS3.8 9.3.5.1) and message control header (PS3.8 E.2).</summary>
    public static void WritePdvHeader(ByteBuffer output, byte contextId, bool isCommand, bool isLast, int fragmentLength)
    {
        output.WriteUInt32BigEndian((uint)(fragmentLength + 2));
        output.WriteByte(contextId);
        output.WriteByte((byte)((isCommand ? 0x01 : 0x00) | (isLast ? 0x02 : 0x00)));
    }

    public static int StartPdu(ByteBuffer output, PduType type)
    {
        output.WriteByte((byte)type);
        output.WriteByte(0);
        output.WriteUInt32BigEndian(0);
        return output.Length - 4;
    }

    public static void EndPdu(ByteBuffer output, int lengthAt) => output.PatchUInt32BigEndian(lengthAt, (uint)(output.Length - lengthAt - 4));

    private static void WriteFixed(ByteBuffer output, PduType type, byte b0, byte b1, byte b2, byte b3)
    {
        output.WriteByte((byte)type);
        output.WriteByte(0);
        output.WriteUInt32BigEndian(4);
        output.WriteByte(b0);
        output.WriteByte(b1);
        output.WriteByte(b2);
        output.WriteByte(b3);
    }

    private static void WriteAssociate(ByteBuffer output, PduType type, ushort version, string called, string calling, string applicationContext,
        UserInformation userInformation, Action<ByteBuffer> writeContexts, bool isRequest)
    {
        var lengthAt = StartPdu(output, type);
        output.WriteUInt16BigEndian(version);
        output.WriteUInt16BigEndian(0);
        WriteAETitle(output, called);
        WriteAETitle(output, calling);
        output.WriteRepeated(0, 32);
        WriteUidItem(output, 0x10, applicationContext);
        writeContexts(output);
        WriteUserInformation(output, userInformation, isRequest);
        EndPdu(output, lengthAt);
    }

    private static void WriteAETitle(ByteBuffer output, string title)
    {
        var bytes = Encoding.ASCII.GetBytes(title);
        if (bytes.Length is 0 or > 16)
        {
            throw new ArgumentException($"AE title '{title}' must be 1 to 16 characters.");
        }

        output.Write(bytes);
        output.WriteRepeated((byte)' ', 16 - bytes.Length);
    }

    private static void WriteProposals(ByteBuffer output, IReadOnlyList<PresentationContextProposal> proposals)
    {
        foreach (var proposal in proposals)
        {
            var at = StartItem(output, 0x20);
            output.WriteByte(proposal.Id);
            output.WriteRepeated(0, 3);
            WriteUidItem(output, 0x30, proposal.AbstractSyntax);
            foreach (var syntax in proposal.TransferSyntaxes)
            {
                WriteUidItem(output, 0x40, syntax);
            }

            EndItem(output, at);
        }
    }

    private static void WriteAnswers(ByteBuffer output, IReadOnlyList<PresentationContextAnswer> answers)
    {
        foreach (var answer in answers)
        {
            var at = StartItem(output, 0x21);
            output.WriteByte(answer.Id);
            output.WriteByte(0);
            output.WriteByte((byte)answer.Result);
            output.WriteByte(0);
            WriteUidItem(output, 0x40, answer.TransferSyntax);
            EndItem(output, at);
        }
    }

    private static void WriteUserInformation(ByteBuffer output, UserInformation info, bool isRequest)
    {
        var at = StartItem(output, 0x50);
        var max = StartItem(output, 0x51);
        output.WriteUInt32BigEndian(info.MaximumLength);
        EndItem(output, max);
        WriteUidItem(output, 0x52, info.ImplementationClassUid);
        if (info.AsynchronousOperationsWindow is { } window)
        {
            var w = StartItem(output, 0x53);
            output.WriteUInt16BigEndian(window.Invoked);
            output.WriteUInt16BigEndian(window.Performed);
            EndItem(output, w);
        }

        foreach (var role in info.RoleSelections)
        {
            var r = StartItem(output, 0x54);
            WriteShortUid(output, role.SopClassUid);
            output.WriteByte(role.ScuRole ? (byte)1 : (byte)0);
            output.WriteByte(role.ScpRole ? (byte)1 : (byte)0);
            EndItem(output, r);
        }

        if (info.ImplementationVersionName is { Length: > 0 } version)
        {
            var v = StartItem(output, 0x55);
            output.Write(Encoding.ASCII.GetBytes(version));
            EndItem(output, v);
        }

        foreach (var negotiation in info.ExtendedNegotiations)
        {
            var n = StartItem(output, 0x56);
            WriteShortUid(output, negotiation.SopClassUid);
            output.Write(negotiation.ApplicationInformation);
            EndItem(output, n);
        }

        if (isRequest)
        {
            foreach (var common in info.CommonExtendedNegotiations)
            {
                var c = StartItem(output, 0x57);
                output.Write(common);
                EndItem(output, c);
            }
        }

        if (isRequest && info.UserIdentity is { } identity)
        {
            var u = StartItem(output, 0x58);
            output.WriteByte(identity.IdentityType);
            output.WriteByte(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
            output.WriteUInt16BigEndian((ushort)identity.PrimaryField.Length);
            output.Write(identity.PrimaryField);
            output.WriteUInt16BigEndian((ushort)identity.SecondaryField.Length);
            output.Write(identity.SecondaryField);
            EndItem(output, u);
        }

        if (!isRequest && info.UserIdentityServerResponse is { } response)
        {
            var u = StartItem(output, 0x59);
            output.WriteUInt16BigEndian((ushort)response.Length);
            output.Write(response);
            EndItem(output, u);
        }

        EndItem(output, at);
    }

    private static void WriteShortUid(ByteBuffer output, string uid)
    {
        output.WriteUInt16BigEndian((ushort)uid.Length);
        output.Write(Encoding.ASCII.GetBytes(uid));
    }

    /// <summary>UIDs in items are not padded (PS3.8 9.3.2.2.1 allows, but does not require, a trailing NUL).</summary>
    private static void WriteUidItem(ByteBuffer output, byte type, string uid)
    {
        var at = StartItem(output, type);
        output.Write(Encoding.ASCII.GetBytes(uid));
        EndItem(output, at);
    }

    private static int StartItem(ByteBuffer output, byte type)
    {
        output.WriteByte(type);
        output.WriteByte(0);
        output.WriteUInt16BigEndian(0);
        return output.Length - 2;
    }

    private static void EndItem(ByteBuffer output, int lengthAt)
    {
        var length = output.Length - lengthAt - 2;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"An Upper Layer item of {length} bytes exceeds the 16-bit item length.");
        }

        output.PatchUInt16BigEndian(lengthAt, (ushort)length);
    }
}
