using System.Net;

namespace Declarative.Dicom.Network.Association;

/// <summary>What a handler may know about the association a request arrived on.</summary>
public sealed class DicomAssociationInfo
{
    public required string CallingAETitle { get; init; }

    public required string CalledAETitle { get; init; }

    public EndPoint? RemoteEndPoint { get; init; }

    /// <summary>True when this side opened the association.</summary>
    public required bool IsRequestor { get; init; }

    public string? PeerImplementationClassUid { get; init; }

    public string? PeerImplementationVersionName { get; init; }

    /// <summary>Maximum P-DATA-TF length the peer receives; 0 when it set no limit.</summary>
    public uint PeerMaxPduLength { get; init; }

    public required IReadOnlyList<NegotiatedContext> PresentationContexts { get; init; }

    /// <summary>How many of our requests may await responses at once: the negotiated asynchronous operations window, 1 without one.</summary>
    public int MaxOperationsInvoked { get; init; } = 1;

    /// <summary>How many of the peer's requests may await our responses at once (served in order): 1 without a window.</summary>
    public int MaxOperationsPerformed { get; init; } = 1;

    /// <summary>The user identity the requestor sent (PS3.7 D.3.3.7), which the server's authenticator accepted; null when none.</summary>
    public DicomUserIdentity? UserIdentity { get; init; }

    /// <summary>The AE title of the peer: the calling AE when we accepted, the called AE when we requested.</summary>
    public string PeerAETitle => IsRequestor ? CalledAETitle : CallingAETitle;

    public NegotiatedContext? FindContext(byte id)
    {
        // Indexed, not foreach: an interface enumerator is boxed, and this runs for every PDV received.
        var contexts = PresentationContexts;
        for (var i = 0; i < contexts.Count; i++)
        {
            if (contexts[i].Id == id)
            {
                return contexts[i];
            }
        }

        return null;
    }

    public override string ToString() => $"{CallingAETitle} → {CalledAETitle} ({RemoteEndPoint})";
}
