using System.Net.Security;
using System.Net.Sockets;
using Declarative.Dicom.Network.Association;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network;

/// <summary>A requestor: opens associations to a peer.</summary>
public static class DicomClient
{
    /// <summary>
    /// Connects to <paramref name="peer"/> and negotiates the given presentation contexts. A
    /// <paramref name="handler"/> serves what the peer sends on this association (an N-EVENT-REPORT on the
    /// requestor's own association, for one). Throws <see cref="DicomAssociationRejectedException"/> when the peer rejects.
    /// </summary>
    public static async Task<DicomAssociation> ConnectAsync(
        RemoteApplicationEntity peer,
        IReadOnlyList<PresentationContextRequest> contexts,
        DicomClientOptions? options = null,
        IDicomServiceHandler? handler = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new DicomClientOptions();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(options.ConnectTimeout);
            await socket.ConnectAsync(peer.Host, peer.Port, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw ex is OperationCanceledException
                ? new DicomAssociationTimeoutException($"Could not connect to {peer} within {options.ConnectTimeout.TotalSeconds:0} s.", ex)
                : new DicomAssociationException($"Could not connect to {peer}: {ex.Message}", ex);
        }

        Stream stream;
        using (var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            handshakeTimeout.CancelAfter(options.AcseTimeout);
            try
            {
                stream = await OpenStreamAsync(socket, peer, options, handshakeTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new DicomAssociationTimeoutException($"TLS handshake with {peer} did not complete within {options.AcseTimeout.TotalSeconds:0.###} s.");
            }
        }

        // The A-ASSOCIATE-AC is waited for by the association's own ACSE timer (Sta5), which aborts and fails the
        // request with a DicomAssociationTimeoutException; a second timer here would only race it.
        var logger = loggerFactory?.CreateLogger<DicomAssociation>();
        return await DicomAssociation.RequestAsync(socket, stream, peer.AETitle, contexts, options, handler, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection as plain TCP, or wrapped in TLS with the handshake done (PS3.15 B.1).</summary>
    private static async Task<Stream> OpenStreamAsync(Socket socket, RemoteApplicationEntity peer, DicomClientOptions options, CancellationToken cancellationToken)
    {
        var network = new NetworkStream(socket, ownsSocket: true);
        if (options.Tls is not { } tls)
        {
            return network;
        }

        var secure = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            var certificate = tls.ResolveCertificate();
            await secure.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = tls.TargetHost ?? peer.Host,
                ClientCertificates = certificate is null ? null : [certificate],
                EnabledSslProtocols = tls.Protocols,
                RemoteCertificateValidationCallback = tls.ValidateRemoteCertificate,
            }, cancellationToken).ConfigureAwait(false);
            return secure;
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
        {
            await secure.DisposeAsync().ConfigureAwait(false);
            throw new DicomAssociationException($"TLS handshake with {peer} failed: {ex.Message}", ex);
        }
    }
}
