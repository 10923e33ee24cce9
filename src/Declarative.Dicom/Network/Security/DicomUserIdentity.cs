using System.Text;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Network;

/// <summary>The kinds of user identity of PS3.7 D.3.3.7.1.</summary>
public enum DicomUserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    Kerberos = 3,
    Saml = 4,
    Jwt = 5,
}

/// <summary>
/// A user identity a requestor sends in its A-ASSOCIATE-RQ (PS3.7 D.3.3.7): what our requestor sends when
/// <see cref="DicomClientOptions.UserIdentity"/> is set, and what a handler sees of the peer's on
/// <see cref="Association.DicomAssociationInfo.UserIdentity"/>.
/// </summary>
public sealed record DicomUserIdentity(DicomUserIdentityType Type, byte[] PrimaryField, byte[] SecondaryField, bool PositiveResponseRequested = false)
{
    /// <summary>The user name of a Username or Username-and-passcode identity (UTF-8), else null.</summary>
    public string? Username => Type is DicomUserIdentityType.Username or DicomUserIdentityType.UsernameAndPasscode ? Encoding.UTF8.GetString(PrimaryField) : null;

    public static DicomUserIdentity FromUsername(string username, bool positiveResponseRequested = false) =>
        new(DicomUserIdentityType.Username, Encoding.UTF8.GetBytes(username), [], positiveResponseRequested);

    public static DicomUserIdentity FromUsernameAndPasscode(string username, string passcode, bool positiveResponseRequested = false) =>
        new(DicomUserIdentityType.UsernameAndPasscode, Encoding.UTF8.GetBytes(username), Encoding.UTF8.GetBytes(passcode), positiveResponseRequested);

    internal static DicomUserIdentity? From(UserIdentityRequest? request) =>
        request is null ? null : new((DicomUserIdentityType)request.IdentityType, request.PrimaryField, request.SecondaryField, request.PositiveResponseRequested);

    internal UserIdentityRequest ToRequest() => new((byte)Type, PositiveResponseRequested, PrimaryField, SecondaryField);

    /// <summary>Never the passcode: identities end up in logs.</summary>
    public override string ToString() => Username is { } name ? $"{Type} '{name}'" : Type.ToString();
}
