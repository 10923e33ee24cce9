using System.Runtime.CompilerServices;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Declarative.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;
using static Declarative.Dicom.Network.Association.AssociationEvent;
using static Declarative.Dicom.Network.Association.AssociationState;

namespace Declarative.Dicom.Network.Association;

/// <summary>The receive loop: turns what arrives (or fails to) into state machine events, then serves complete messages.</summary>
public sealed partial class DicomAssociation
{
    private async Task ReceiveLoopAsync(AssociationEvent first)
    {
        try
        {
            if (!await AuthenticateAsync().ConfigureAwait(false))
            {
                return;
            }

            await ProcessAsync(first).ConfigureAwait(false);
            while (_state != Sta1)
            {
                var (evt, data) = await ReceiveEventAsync().ConfigureAwait(false);
                try
                {
                    await ProcessAsync(evt, data).ConfigureAwait(false);
                }
                catch (PduException ex)
                {
                    // A P-DATA PDU that parsed but breaks the message rules (unknown context, order, size).
                    await ProcessAsync(Evt19, new EventData(Reason: ex.Reason, Detail: ex.Message)).ConfigureAwait(false);
                }

                await FollowUpAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // A bug or a broken transport: end this association, never the process or another association.
            _logger.LogError(ex, "Association {Association}: receive loop ended unexpectedly", _name);
            Fail(new DicomAssociationAbortedException($"The association ended unexpectedly: {ex.Message}"));
            _state = Sta1;
        }
        finally
        {
            // A message cut off by the end of the association gives its bytes back to the pool and the budget.
            _assembler.Reset();
            End();
        }
    }

    /// <summary>
    /// The acceptor's side of TLS (PS3.15 B.1), within the ARTIM time: a failed or slow handshake ends the
    /// connection before any PDU is read.
    /// </summary>
    private async ValueTask<bool> AuthenticateAsync()
    {
        if (_isRequestor || _stream is not SslStream tls || _options.Tls is not { } options)
        {
            return true;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.ArtimTimeout);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = options.ResolveCertificate() ?? throw new InvalidOperationException("TLS is on but no certificate is configured (DicomTlsOptions.Certificate or CertificatePath)."),
                ClientCertificateRequired = options.RequireClientCertificate,
                EnabledSslProtocols = options.Protocols,
                RemoteCertificateValidationCallback = options.ValidateRemoteCertificate,
            }, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            NetworkLog.Aborted(_logger, _name, $"TLS handshake failed: {ex.Message}");
            Fail(new DicomAssociationAbortedException($"TLS handshake failed: {ex.Message}"));
            return false;
        }
    }

    /// <summary>Local primitives that answer an indication at once: accept or reject, agree to release, serve messages.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FollowUpAsync()
    {
        if (_state == Sta3)
        {
            await ProcessAsync(_negotiation!.Accept is not null ? Evt7 : Evt8).ConfigureAwait(false);
        }

        if (_state is Sta8 or Sta9 or Sta12)
        {
            await EndStreamsAsync().ConfigureAwait(false);
            await DrainDetachedAsync().ConfigureAwait(false);
            await ProcessAsync(Evt14).ConfigureAwait(false);
        }

        while (_state is Sta6 or Sta7 && _received.TryDequeue(out var message))
        {
            await DispatchAsync(message).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(AssociationEvent Event, EventData Data)> ReceiveEventAsync()
    {
        try
        {
            if (_sendBuffer.Length > 0 && !_reader.HasCompletePdu)
            {
                await FlushHeldAsync().ConfigureAwait(false);
            }

            ArmReadTimeout();
            var pdu = await _reader.ReadAsync(_readTimeout.Token).ConfigureAwait(false);
            if (pdu is not { } received)
            {
                return (Evt17, default);
            }

            if (received.Type == PduType.PDataTf)
            {
                return (Evt10, new EventData(PData: received.Body));
            }

            var parsed = PduParser.Parse(received.Type, received.Body);
            return (EventOf(received.Type), new EventData(Pdu: parsed));
        }
        catch (PduException ex)
        {
            _reader.MarkFaulted();
            return (Evt19, new EventData(Reason: ex.Reason, Detail: ex.Message));
        }
        catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
        {
            return TimedOut();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return (Evt17, new EventData(Detail: _shutdown.IsCancellationRequested ? null : ex.Message));
        }
    }

    /// <summary>A read ran out of time: ARTIM (Evt18), or an ACSE or idle timeout, which end in a local abort.</summary>
    private (AssociationEvent, EventData) TimedOut()
    {
        if (_artim.IsRunning)
        {
            return (Evt18, default);
        }

        var (what, limit) = _state switch
        {
            Sta5 => ("waiting for A-ASSOCIATE-AC", _options.AcseTimeout),
            Sta7 or Sta10 or Sta11 => ("waiting for A-RELEASE-RP", _options.AcseTimeout),
            _ => ("idle association", _options.IdleTimeout),
        };
        NetworkLog.TimedOut(_logger, _name, what, limit.TotalSeconds);
        Fail(new DicomAssociationTimeoutException(_state == Sta5
            ? $"The peer did not answer A-ASSOCIATE-RQ within {limit.TotalSeconds:0.###} s; the association was aborted."
            : $"Timed out {what} ({limit.TotalSeconds:0.###} s); the association was aborted."));
        return (Evt15, new EventData(Detail: $"timed out {what}"));
    }

    /// <summary>Bounds the next read by ARTIM when it runs, else by the ACSE or idle timeout of the state.</summary>
    private void ArmReadTimeout()
    {
        if (!_readTimeout.TryReset())
        {
            _readTimeout.Dispose();
            _readTimeout = new CancellationTokenSource();
        }

        var timeout = _artim.IsRunning
            ? _artim.Remaining
            : _state is Sta5 or Sta7 or Sta10 or Sta11 ? _options.AcseTimeout : _options.IdleTimeout;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _readTimeout.CancelAfter(timeout);
        }
    }

    private static AssociationEvent EventOf(PduType type) => type switch
    {
        PduType.AssociateAccept => Evt3,
        PduType.AssociateReject => Evt4,
        PduType.AssociateRequest => Evt6,
        PduType.PDataTf => Evt10,
        PduType.ReleaseRequest => Evt12,
        PduType.ReleaseResponse => Evt13,
        PduType.Abort => Evt16,
        _ => Evt19,
    };

    /// <summary>Records the first reason the association failed; later ones are consequences.</summary>
    private void Fail(Exception failure)
    {
        _failure ??= failure;
        _established.TrySetException(_failure);
    }

    private void End()
    {
        if (_established.Task.IsCompletedSuccessfully && !_ended.Task.IsCompleted)
        {
            DicomMetrics.AssociationEnded(_isRequestor);
        }

        _state = Sta1;
        _failure ??= _released.Task.IsCompletedSuccessfully ? null : new DicomAssociationAbortedException("The association ended.");
        if (_failure is not null)
        {
            _established.TrySetException(_failure);
            _released.TrySetException(_failure);
        }

        _requests?.FailAll(_failure ?? new DicomAssociationException("The association was released before the response arrived."));
        FailStreamed(_failure ?? new DicomAssociationException("The association was released before the C-FIND's final response arrived."));

        CloseTransport();
        _reader.Dispose();
        _readTimeout.Dispose();
        _requests?.Dispose();
        _ended.TrySetResult();
        // Observed here so that an unobserved failure of a background association is not an unhandled task exception.
        _ = _established.Task.Exception;
        _ = _released.Task.Exception;
    }
}
