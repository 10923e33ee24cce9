using System.Security.Cryptography;
using System.Text;

namespace Declarative.Dicom.Network;

/// <summary>
/// Username-and-passcode identities checked against a table (PS3.7 D.3.3.7, type 2), in constant time. A request
/// without an identity, or with another kind, is refused unless <see cref="AllowAnonymous"/> is set.
/// </summary>
public sealed class PasscodeAuthenticator : IDicomAuthenticator
{
    private readonly Dictionary<string, byte[]> _passcodes;

    public PasscodeAuthenticator(IReadOnlyDictionary<string, string> passcodes) =>
        _passcodes = passcodes.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);

    /// <summary>Accept requests that carry no user identity at all (peers that cannot send one).</summary>
    public bool AllowAnonymous { get; init; }

    public DicomAuthenticationResult Authenticate(DicomAuthenticationRequest request)
    {
        if (request.Identity is not { } identity)
        {
            return AllowAnonymous ? DicomAuthenticationResult.Accept() : DicomAuthenticationResult.Refuse("no user identity was sent");
        }

        if (identity.Type != DicomUserIdentityType.UsernameAndPasscode)
        {
            return DicomAuthenticationResult.Refuse($"user identity of type {identity.Type} is not accepted here");
        }

        var known = _passcodes.TryGetValue(identity.Username!, out var expected);
        // Compare even for an unknown user, so that the time taken does not tell which users exist.
        var matches = CryptographicOperations.FixedTimeEquals(expected ?? identity.SecondaryField, identity.SecondaryField);
        return known && matches ? DicomAuthenticationResult.Accept() : DicomAuthenticationResult.Refuse($"wrong user name or passcode for {identity}");
    }
}
