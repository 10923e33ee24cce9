using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.Network;

/// <summary>
/// An acceptor: listens on a TCP port and serves each association on its own receive loop, so that a
/// slow or hostile peer never holds up another. Requests go to one <see cref="IDicomServiceHandler"/>.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IDicomServiceHandlerFactory _handlers;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<DicomAssociation, byte> _associations = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private volatile bool _draining;

    public DicomServer(DicomServerOptions options, IDicomServiceHandler handler, ILoggerFactory? loggerFactory = null)
        : this(options, new SharedHandlerFactory(handler), loggerFactory)
    {
    }

    /// <summary>A server that gives each association a handler of its own (a DI scope per association, for one).</summary>
    public DicomServer(DicomServerOptions options, IDicomServiceHandlerFactory handlers, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _handlers = handlers;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<DicomServer>();
        Budget = new ReceiveBudget(options.MaxBytesInFlight);
        if (options.ReleaseMemoryAfterSpikes)
        {
            Budget.Drained += new MemoryRelease(_logger).Schedule;
        }
    }

    /// <summary>The bytes of partly received datasets all associations hold now, against <see cref="DicomServerOptions.MaxBytesInFlight"/>.</summary>
    public ReceiveBudget Budget { get; }

    /// <summary>The port listened on; the one the system chose when the options said 0.</summary>
    public int Port => (_listener?.LocalEndPoint as IPEndPoint)?.Port ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>True from <see cref="Start"/> until a stop closes the listener.</summary>
    public bool IsListening => _listener is not null && !_stopping.IsCancellationRequested;

    /// <summary>True while a stop lets the open associations finish and turns new ones away.</summary>
    public bool IsDraining => _draining && !_stopping.IsCancellationRequested;

    /// <summary>Associations served at once before more are turned away (<see cref="DicomServerOptions.MaxAssociations"/>).</summary>
    public int MaxAssociations => _options.MaxAssociations;

    /// <summary>Associations being served now.</summary>
    public int ActiveAssociations => _associations.Count;

    /// <summary>Raised when an association was accepted and negotiated (its <see cref="DicomAssociation.Info"/> is set).</summary>
    public event Action<DicomAssociation>? AssociationEstablished;

    /// <summary>Raised when an association has ended, however it ended.</summary>
    public event Action<DicomAssociation>? AssociationEnded;

    public DicomServer Start()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Parse(_options.Host), _options.Port));
        listener.Listen(128);
        _listener = listener;
        NetworkLog.Listening(_logger, _options.AETitle, listener.LocalEndPoint!.ToString()!);
        _acceptLoop = Task.Run(AcceptLoopAsync);
        return this;
    }

    private async Task AcceptLoopAsync()
    {
        var associationLogger = _loggerFactory.CreateLogger<DicomAssociation>();
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning(ex, "Accepting a connection failed");
                continue;
            }

            if (_options.ProxyProtocol is { } proxy)
            {
                // The header is read off the accept loop: a proxy (or anyone) slow to send it holds up no other connection.
                _ = ServeBehindProxyAsync(socket, proxy, associationLogger);
            }
            else
            {
                Serve(socket, null, associationLogger);
            }
        }
    }

    /// <summary>Headers being read now: counted against <see cref="DicomServerOptions.MaxAssociations"/> so that a flood of silent connections costs a bounded amount.</summary>
    private int _readingHeaders;

    private async Task ServeBehindProxyAsync(Socket socket, ProxyProtocolOptions proxy, ILogger associationLogger)
    {
        var connection = socket.RemoteEndPoint as IPEndPoint;
        EndPoint? client;
        if (Interlocked.Increment(ref _readingHeaders) + _associations.Count > _options.MaxAssociations)
        {
            Interlocked.Decrement(ref _readingHeaders);
            NetworkLog.ProxyRefused(_logger, connection?.ToString() ?? "?", "too many connections are being opened at once");
            socket.Dispose();
            return;
        }

        try
        {
            if (connection is null || !proxy.Trusts(connection.Address))
            {
                if (!proxy.AllowDirectConnections)
                {
                    throw new ProxyProtocolException("it does not come from a trusted proxy (PROXY protocol is on)");
                }

                client = null; // served as plain DICOM: whatever it sends, nothing in it is taken for an address
            }
            else
            {
                client = await ProxyProtocolReader.ReadAsync(socket, proxy.HeaderTimeout, _stopping.Token).ConfigureAwait(false);
                NetworkLog.Proxied(_logger, connection.ToString(), client?.ToString() ?? "the proxy itself (LOCAL)");
            }
        }
        catch (Exception ex) when (ex is ProxyProtocolException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            NetworkLog.ProxyRefused(_logger, connection?.ToString() ?? "?", ex is ProxyProtocolException ? ex.Message : "the PROXY protocol header did not arrive in time");
            socket.Dispose();
            return;
        }
        finally
        {
            Interlocked.Decrement(ref _readingHeaders);
        }

        if (_stopping.IsCancellationRequested)
        {
            socket.Dispose();
            return;
        }

        Serve(socket, client, associationLogger);
    }

    private void Serve(Socket socket, EndPoint? client, ILogger associationLogger)
    {
        // Full, or stopping: the request is answered with a transient reject (PS3.8 9.3.4), so the peer retries later
        // or elsewhere rather than seeing a refused connection.
        byte? refusal = _draining ? RejectReasons.PresentationTemporaryCongestion
            : _associations.Count >= _options.MaxAssociations ? RejectReasons.PresentationLocalLimitExceeded
            : null;
        var handler = _handlers.Create();
        var association = DicomAssociation.Accept(socket, _options, handler, associationLogger, refusal, Budget, client);
        _associations.TryAdd(association, 0);
        if (AssociationEstablished is not null)
        {
            _ = association.Established.ContinueWith(
                static (_, state) =>
                {
                    var (server, opened) = ((DicomServer, DicomAssociation))state!;
                    server.AssociationEstablished?.Invoke(opened);
                },
                (this, association),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        _ = association.Completion.ContinueWith(
            (completed, state) =>
            {
                var (server, ended, used) = ((DicomServer, DicomAssociation, IDicomServiceHandler))state!;
                server._associations.TryRemove(ended, out _);
                server._handlers.Release(used);
                server.AssociationEnded?.Invoke(ended);
            },
            (this, association, handler),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// Stops: for up to <paramref name="drain"/> the open associations finish (the peer releases them; a handler
    /// running completes and its response goes out) while new association requests get a transient reject
    /// (temporary congestion); then the server stops listening and aborts those still open.
    /// </summary>
    public async Task StopAsync(TimeSpan drain = default)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (drain > TimeSpan.Zero)
        {
            // Draining: the associations open now finish (their peers release them, responses in flight go out) while
            // new ones are still accepted at the transport and answered with a transient reject.
            _draining = true;
            var open = _associations.Keys.ToList();
            await Task.WhenAny(Task.WhenAll(open.Select(a => a.Completion)), Task.Delay(drain)).ConfigureAwait(false);
        }

        _stopping.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        var remaining = _associations.Keys.ToList();
        await Task.WhenAll(remaining.Select(a => a.AbortAsync())).ConfigureAwait(false);
        // When this returns, no association is left running: one that was closing (waiting for its peer to close after
        // A-RELEASE-RP) had its transport closed above, and its receive loop ends (metrics, handler released) just after.
        await Task.WhenAny(Task.WhenAll(remaining.Select(a => a.Completion)), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    /// <summary>Stops at once: associations still open are aborted. Call <see cref="StopAsync"/> with a drain time to let them end.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
