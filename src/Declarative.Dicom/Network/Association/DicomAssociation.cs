using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// One DICOM association over one TCP connection, on either side. Every PDU received and every local
/// request is an event of the PS3.8 state machine (<see cref="AssociationStateMachine"/>), handled
/// under one lock; requests from the peer are dispatched to the <see cref="IDicomServiceHandler"/>
/// by the receive loop, one at a time, while requests of our own wait for their responses.
/// </summary>
public sealed partial class DicomAssociation : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly bool _isRequestor;
    private readonly DicomAssociationOptions _options;
    private readonly IDicomServiceHandler? _handler;
    private readonly HandlerInvoker _invoker;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _machineLock = new(1, 1);
    private readonly ArtimTimer _artim;
    private readonly PduReader _reader;
    private readonly DimseMessageAssembler _assembler;
    private readonly ByteBuffer _sendBuffer = new(16 * 1024);
    private readonly ByteBuffer _commandBuffer = new(512);
    private readonly ByteBuffer _replyDatasetBuffer = new(4096);
    private readonly Queue<ReceivedMessage> _received = new();
    // The responses we send (from the receive loop, one at a time) reuse one command object: it is encoded before
    // the send completes. Our own requests each use their slot's (RequestWindow).
    private readonly DimseCommand _responseCommand = new();
    // What the handler of each received request is lent (request object, dataset objects); replaced when a handler
    // outlives its deadline and keeps it.
    private ReceivedRequestArena _arena = new();
    // Made when the association is established, sized by the negotiated asynchronous operations window.
    private RequestWindow? _requests;
    // Our requests between SendAsync and the writer: while one is coming, a request just written may wait in the
    // send buffer for it, so that a window's requests leave in one write (see WriteMessageAsync).
    private int _requestWritersComing;
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private CancellationTokenSource _readTimeout = new();
    private AssociationState _state = AssociationState.Sta1;
    private DicomAssociationInfo? _info;
    private string _name;
    private int _nextMessageId;
    private Exception? _failure;

    private DicomAssociation(Socket socket, Stream? stream, bool isRequestor, DicomAssociationOptions options, IDicomServiceHandler? handler, ILogger? logger,
        ReceiveBudget? budget = null, EndPoint? remoteEndPoint = null)
    {
        _socket = socket;
        _socket.NoDelay = true;
        // An acceptor with TLS wraps the connection here and shakes hands at the start of its receive loop.
        _stream = stream ?? (options.Tls is null || isRequestor
            ? new NetworkStream(socket, ownsSocket: true)
            : new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, options.Tls.ValidateRemoteCertificate));
        _isRequestor = isRequestor;
        _options = options;
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
        _invoker = new HandlerInvoker(handler, _logger, options.HandlerTimeout);
        _artim = new ArtimTimer(options.ArtimTimeout);
        _reader = new PduReader(_stream, options.MaxPduLength);
        // A requestor's association answers to its own limits only; a server's share the server's budget.
        _assembler = new DimseMessageAssembler(options.MaxDatasetLength, options.MaxNServiceDatasetLength, budget ?? ReceiveBudget.Unlimited, SpoolSettings.From(options));
        _remoteEndPoint = remoteEndPoint ?? socket.RemoteEndPoint;
        _name = _remoteEndPoint?.ToString() ?? "?";
    }

    // Read once: the socket's own throws once it is closed, and an association's end is reported after that.
    private readonly EndPoint? _remoteEndPoint;

    /// <summary>The negotiated association; available once established.</summary>
    public DicomAssociationInfo Info => _info ?? throw new InvalidOperationException("The association is not established.");

    public AssociationState State => _state;

    public bool IsRequestor => _isRequestor;

    /// <summary>Completes when the association has ended (released, rejected, aborted or closed).</summary>
    public Task Completion => _ended.Task;

    /// <summary>Completes when the association is established; faults when it never is (rejected, aborted, timed out).</summary>
    public Task Established => _established.Task;

    /// <summary>Why the association ended abnormally, if it did.</summary>
    public Exception? Failure => _failure;

    /// <summary>
    /// The peer's address, also after the association ended (an ended association's socket no longer knows it); behind a
    /// proxy that sends the PROXY protocol, the address it reports.
    /// </summary>
    public EndPoint? RemoteEndPoint => _remoteEndPoint;

    /// <summary>
    /// Starts serving an accepted TCP connection (Evt5: transport connection indication). With a
    /// <paramref name="refusal"/> (a transient reject reason: local limit exceeded, temporary congestion) any
    /// request is answered with that reject instead of being negotiated.
    /// </summary>
    internal static DicomAssociation Accept(Socket socket, DicomServerOptions options, IDicomServiceHandler handler, ILogger? logger, byte? refusal,
        ReceiveBudget? budget = null, EndPoint? remoteEndPoint = null)
    {
        var association = new DicomAssociation(socket, null, isRequestor: false, options, handler, logger, budget, remoteEndPoint)
        {
            _serverOptions = options,
            _refusal = refusal,
        };
        association.StartReceiving(AssociationEvent.Evt5);
        return association;
    }

    /// <summary>Negotiates an association over a connected socket (Evt1, Evt2) and waits for A-ASSOCIATE-AC or -RJ.</summary>
    internal static async Task<DicomAssociation> RequestAsync(Socket socket, Stream stream, string calledAETitle, IReadOnlyList<PresentationContextRequest> contexts,
        DicomClientOptions options, IDicomServiceHandler? handler, ILogger? logger, CancellationToken cancellationToken)
    {
        var association = new DicomAssociation(socket, stream, isRequestor: true, options, handler, logger)
        {
            _associateRequest = BuildRequest(calledAETitle, contexts, options),
        };
        association._name = $"{options.AETitle} → {calledAETitle}@{association._name}";
        await association.ProcessAsync(AssociationEvent.Evt1).ConfigureAwait(false);
        association.StartReceiving(AssociationEvent.Evt2);
        try
        {
            await association._established.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await association.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return association;
    }

    private static AssociateRequestPdu BuildRequest(string calledAETitle, IReadOnlyList<PresentationContextRequest> contexts, DicomClientOptions options)
    {
        if (contexts.Count is 0 or > 128)
        {
            throw new ArgumentException("An association proposes 1 to 128 presentation contexts (PS3.8 9.3.2.2).", nameof(contexts));
        }

        var proposals = contexts.Select((c, i) => new PresentationContextProposal((byte)(2 * i + 1), c.AbstractSyntax, c.TransferSyntaxes)).ToList();
        var roles = contexts.Where(c => c.NeedsRoleSelection)
            .GroupBy(c => c.AbstractSyntax)
            .Select(g => new RoleSelection(g.Key, g.First().ScuRole, g.First().ScpRole))
            .ToList();
        var userInformation = new UserInformation
        {
            MaximumLength = (uint)options.MaxPduLength,
            ImplementationClassUid = DicomImplementation.ClassUid,
            ImplementationVersionName = DicomImplementation.VersionName,
            RoleSelections = roles,
            UserIdentity = options.UserIdentity?.ToRequest(),
            AsynchronousOperationsWindow = OperationsWindow.Propose(options),
        };
        return new AssociateRequestPdu(calledAETitle, options.AETitle, AcceptorNegotiation.DicomApplicationContext, proposals, userInformation);
    }

    private void StartReceiving(AssociationEvent first) => _ = Task.Run(() => ReceiveLoopAsync(first));

    /// <summary>Releases the association (A-RELEASE, PS3.8 7.2) and waits for the peer's answer.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        // A C-FIND of ours still reading would hold the receive loop when its caller stops reading: it ends here.
        FailStreamed(new DicomAssociationException("The association was released while the C-FIND was still receiving matches."));
        try
        {
            await ProcessAsync(AssociationEvent.Evt11).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new DicomAssociationException($"Cannot release: the association is {(_failure is null ? "not established" : "already ended: " + _failure.Message)}.", ex);
        }

        try
        {
            await _released.Task.WaitAsync(_options.AcseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            NetworkLog.TimedOut(_logger, _name, "A-RELEASE", _options.AcseTimeout.TotalSeconds);
            await AbortAsync().ConfigureAwait(false);
            throw new DicomAssociationTimeoutException($"The peer did not answer A-RELEASE-RQ within {_options.AcseTimeout.TotalSeconds:0} s; the association was aborted.");
        }

        await _ended.Task.WaitAsync(_options.ArtimTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Aborts the association (A-ABORT, service-user source) and closes the connection.</summary>
    public async Task AbortAsync()
    {
        // No association to abort yet (Sta2, Sta4) or any more (Sta1, Sta13): closing the connection is all there is.
        if (AssociationStateMachine.Lookup(AssociationEvent.Evt15, _state) is null)
        {
            CloseTransport();
            return;
        }

        await ProcessAsync(AssociationEvent.Evt15, ifApplicable: true).ConfigureAwait(false);
        // The peer should close on receiving A-ABORT; do not keep the caller for the whole ARTIM period.
        await Task.WhenAny(_ended.Task, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        CloseTransport();
    }

    public async ValueTask DisposeAsync()
    {
        if (_state == AssociationState.Sta6)
        {
            try
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DicomAssociationException or IOException or OperationCanceledException or TimeoutException)
            {
                // already aborted or closed: disposing is the end either way
            }
        }
        else if (_state != AssociationState.Sta1)
        {
            await AbortAsync().ConfigureAwait(false);
        }

        CloseTransport();
        await _ended.Task.ConfigureAwait(false);
    }

    private void CloseTransport()
    {
        if (!_shutdown.IsCancellationRequested)
        {
            _shutdown.Cancel();
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // the peer closed first
        }

        _stream.Dispose();
    }

    public override string ToString() => _name;
}
