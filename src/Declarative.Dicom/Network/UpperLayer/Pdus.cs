namespace Declarative.Dicom.Network.UpperLayer;

/// <summary>A Protocol Data Unit of the DICOM Upper Layer (PS3.8 section 9.3).</summary>
public abstract record Pdu(PduType Type);

/// <summary>A presentation context proposed in A-ASSOCIATE-RQ (item 0x20, PS3.8 9.3.2.2).</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);

/// <summary>A presentation context answered in A-ASSOCIATE-AC (item 0x21, PS3.8 9.3.3.2).</summary>
public sealed record PresentationContextAnswer(byte Id, PresentationContextResult Result, string TransferSyntax);

/// <summary>SCP/SCU Role Selection sub-item 0x54 (PS3.7 D.3.3.4).</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);

/// <summary>SOP Class Extended Negotiation sub-item 0x56 (PS3.7 D.3.3.5): kept as bytes, its meaning is the service class's.</summary>
public sealed record ExtendedNegotiation(string SopClassUid, byte[] ApplicationInformation);

/// <summary>User Identity Negotiation sub-item 0x58 (PS3.7 D.3.3.7).</summary>
public sealed record UserIdentityRequest(byte IdentityType, bool PositiveResponseRequested, byte[] PrimaryField, byte[] SecondaryField);

/// <summary>User Information item 0x50 (PS3.7 D.3.3, PS3.8 9.3.2.3).</summary>
public sealed record UserInformation
{
    /// <summary>Maximum length of the P-DATA-TF PDUs the sender of this item can receive; 0 means unlimited.</summary>
    public uint MaximumLength { get; init; }

    public string ImplementationClassUid { get; init; } = string.Empty;

    public string? ImplementationVersionName { get; init; }

    /// <summary>Asynchronous Operations Window (0x53); null when not negotiated (one operation at a time).</summary>
    public (ushort Invoked, ushort Performed)? AsynchronousOperationsWindow { get; init; }

    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    public IReadOnlyList<ExtendedNegotiation> ExtendedNegotiations { get; init; } = [];

    /// <summary>SOP Class Common Extended Negotiation items (0x57), kept as their raw item values.</summary>
    public IReadOnlyList<byte[]> CommonExtendedNegotiations { get; init; } = [];

    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>User Identity server response (0x59) in A-ASSOCIATE-AC.</summary>
    public byte[]? UserIdentityServerResponse { get; init; }
}

public sealed record AssociateRequestPdu(
    string CalledAETitle,
    string CallingAETitle,
    string ApplicationContextName,
    IReadOnlyList<PresentationContextProposal> PresentationContexts,
    UserInformation UserInformation,
    ushort ProtocolVersion = 1) : Pdu(PduType.AssociateRequest);

public sealed record AssociateAcceptPdu(
    string CalledAETitle,
    string CallingAETitle,
    string ApplicationContextName,
    IReadOnlyList<PresentationContextAnswer> PresentationContexts,
    UserInformation UserInformation,
    ushort ProtocolVersion = 1) : Pdu(PduType.AssociateAccept);

public sealed record AssociateRejectPdu(RejectResult Result, RejectSource Source, byte Reason) : Pdu(PduType.AssociateReject);

public sealed record ReleaseRequestPdu() : Pdu(PduType.ReleaseRequest);

public sealed record ReleaseResponsePdu() : Pdu(PduType.ReleaseResponse);

public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : Pdu(PduType.Abort);

/// <summary>
/// A P-DATA-TF PDU. The PDV values are slices of the receive buffer, valid only until the next PDU is
/// read; the message assembler copies them into the message being built.
/// </summary>
public sealed record PDataTfPdu(IReadOnlyList<PresentationDataValue> Values) : Pdu(PduType.PDataTf);

/// <summary>A Presentation Data Value item (PS3.8 9.3.5.1) with its message control header (E.2).</summary>
public readonly record struct PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLastFragment, ReadOnlyMemory<byte> Fragment);
