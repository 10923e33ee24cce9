using System.Net;

namespace Declarative.Dicom.Network;

/// <summary>
/// Decides whether an association request may go on, from who asks, from where and with which user identity
/// (PS3.7 D.3.3.7). Set on <see cref="DicomServerOptions.Authenticator"/>; called once per association request,
/// after the AE title checks, on the receive loop: keep it quick (no network round trips).
/// </summary>
public interface IDicomAuthenticator
{
    DicomAuthenticationResult Authenticate(DicomAuthenticationRequest request);
}

/// <summary>What an authenticator decides on: who calls whom, from where, and the identity the requestor sent (null when none).</summary>
public sealed record DicomAuthenticationRequest(string CallingAETitle, string CalledAETitle, IPAddress? RemoteAddress, DicomUserIdentity? Identity);

/// <summary>An authenticator's answer: accepted (with the server response a Kerberos, SAML or JWT exchange returns), or refused and why (for the log).</summary>
public readonly record struct DicomAuthenticationResult(bool Accepted, byte[]? ServerResponse, string? Why)
{
    public static DicomAuthenticationResult Accept(byte[]? serverResponse = null) => new(true, serverResponse, null);

    public static DicomAuthenticationResult Refuse(string why) => new(false, null, why);
}
