using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;
using Declarative.Dicom.TestSupport;

namespace Declarative.Dicom.Interop.Tests.Tls;

/// <summary>TLS (PS3.15 B.1) between our requestor and acceptor, and from DCMTK's echoscu, with a certificate made for the test.</summary>
public class TlsTests
{
    private const string Verification = "1.2.840.10008.1.1";

    private static X509Certificate2 SelfSigned() => TestCertificates.SelfSigned();

    [Fact]
    public async Task OurRequestorAndAcceptor_EchoOverTls_AndPlainTcpIsRefused()
    {
        var certificate = SelfSigned();
        var handler = new RecordingHandler([new PresentationContextPolicy(Verification)]);
        await using var server = new DicomServer(new DicomServerOptions
        {
            AETitle = "SECURE",
            Port = 0,
            ArtimTimeout = TimeSpan.FromSeconds(2),
            Tls = new DicomTlsOptions { Certificate = certificate },
        }, handler).Start();
        var peer = new RemoteApplicationEntity("SECURE", "127.0.0.1", server.Port);
        var trusting = new DicomTlsOptions
        {
            TargetHost = "localhost",
            ValidateRemoteCertificate = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
        };

        await using (var association = await DicomClient.ConnectAsync(peer, [new PresentationContextRequest(Verification)], new DicomClientOptions { Tls = trusting }))
        {
            Assert.Equal(DimseStatus.Success, (await association.SendAsync(new CEchoRequest())).Status);
            await association.ReleaseAsync();
        }

        await Assert.ThrowsAnyAsync<DicomAssociationException>(() =>
            DicomClient.ConnectAsync(peer, [new PresentationContextRequest(Verification)], new DicomClientOptions { AcseTimeout = TimeSpan.FromSeconds(5) }));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task UntrustedCertificate_IsRefusedByTheRequestor()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "SECURE", Port = 0, Tls = new DicomTlsOptions { Certificate = SelfSigned() } },
            new RecordingHandler([new PresentationContextPolicy(Verification)])).Start();

        var error = await Assert.ThrowsAsync<DicomAssociationException>(() => DicomClient.ConnectAsync(
            new RemoteApplicationEntity("SECURE", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)],
            new DicomClientOptions { Tls = new DicomTlsOptions { TargetHost = "localhost" } }));

        Assert.Contains("TLS handshake", error.Message);
    }

    [Fact]
    public async Task EchoscuOverTls_IsAnsweredByOurAcceptor()
    {
        var handler = new RecordingHandler([new PresentationContextPolicy(Verification)]);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "SECURE", Port = 0, Tls = new DicomTlsOptions { Certificate = SelfSigned() } }, handler).Start();

        var result = ExternalTool.Run("echoscu", "-v", "+tla", "-ic", "-aec", "SECURE", "127.0.0.1", server.Port.ToString());

        result.EnsureSuccess("echoscu +tla");
        Assert.Contains("Received Echo Response (Success)", result.StandardError + result.StandardOutput);
        Assert.IsType<CEchoRequest>(Assert.Single(handler.Requests));
    }

    /// <summary>A client certificate made for the test, as DCMTK reads it: PEM key and certificate files.</summary>
    private static X509Certificate2 ClientCertificate(TempDirectory temp)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=dcmtk-modality", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // client authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(temp.File("client-key.pem"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(temp.File("client-cert.pem"), certificate.ExportCertificatePem());
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    [Fact]
    public async Task RequiredClientCertificate_EchoscuWithTheTrustedOneIsAnswered_WithoutOneIsRefused()
    {
        using var temp = new TempDirectory();
        var client = ClientCertificate(temp);
        var handler = new RecordingHandler([new PresentationContextPolicy(Verification)]);
        var tls = new DicomTlsOptions
        {
            Certificate = SelfSigned(),
            RequireClientCertificate = true,
            // The modality's certificate is pinned: the test has no CA, and pinning is what a site with a few modalities does.
            ValidateRemoteCertificate = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == client.GetCertHashString(),
        };
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "SECURE", Port = 0, Tls = tls }, handler).Start();

        var trusted = ExternalTool.Run("echoscu", "-v", "+tls", temp.File("client-key.pem"), temp.File("client-cert.pem"), "-ic", "-aec", "SECURE", "127.0.0.1", server.Port.ToString());
        var anonymous = ExternalTool.Run("echoscu", "+tla", "-ic", "-aec", "SECURE", "127.0.0.1", server.Port.ToString());

        trusted.EnsureSuccess("echoscu +tls with a client certificate");
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.IsType<CEchoRequest>(Assert.Single(handler.Requests));
    }
}
