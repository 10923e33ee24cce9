namespace Declarative.Dicom.Network.Association;

/// <summary>
/// A presentation context as negotiated (PS3.8 9.3.3.2) with the roles of PS3.7 D.3.3.4, stated from the
/// requestor's side as the standard does: by default the requestor is SCU only.
/// </summary>
public sealed record NegotiatedContext(
    byte Id,
    string AbstractSyntax,
    string TransferSyntax,
    UpperLayer.PresentationContextResult Result,
    bool RequestorIsScu = true,
    bool RequestorIsScp = false,
    bool RolesNegotiated = false)
{
    public bool IsAccepted => Result == UpperLayer.PresentationContextResult.Acceptance;

    /// <summary>May the peer act as SCU (invoke C-STORE, N-ACTION, …) on this context?</summary>
    public bool PeerMayBeScu(bool weAreRequestor) => weAreRequestor ? RequestorIsScp : RequestorIsScu;

    /// <summary>May the peer act as SCP (send N-EVENT-REPORT) on this context?</summary>
    public bool PeerMayBeScp(bool weAreRequestor) => weAreRequestor ? RequestorIsScu : RequestorIsScp;
}
