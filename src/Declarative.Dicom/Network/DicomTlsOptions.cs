using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Declarative.Dicom.Network;

/// <summary>
/// TLS for an association (PS3.15 B.1, the Basic TLS Secure Transport Connection Profile): the acceptor
/// presents a certificate; a requestor may present one when the acceptor asks for it. Bindable from
/// configuration through <see cref="CertificatePath"/> and <see cref="CertificatePassword"/>.
/// </summary>
public sealed class DicomTlsOptions
{
    /// <summary>Our certificate with its private key; loaded from <see cref="CertificatePath"/> when not set.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A PKCS #12 file (.pfx/.p12) holding our certificate and key.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Acceptor: ask the requestor for a certificate and refuse the connection without a valid one.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Requestor: the name the acceptor's certificate must carry; the peer's host when not set.</summary>
    public string? TargetHost { get; set; }

    public SslProtocols Protocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Replaces the platform's certificate validation (a private CA, pinning). Null: the platform decides.</summary>
    public RemoteCertificateValidationCallback? ValidateRemoteCertificate { get; set; }

    internal X509Certificate2? ResolveCertificate()
    {
        if (Certificate is null && CertificatePath is { Length: > 0 } path)
        {
            Certificate = new X509Certificate2(path, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }

        return Certificate;
    }
}
