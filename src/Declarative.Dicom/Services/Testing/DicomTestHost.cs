using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.Testing;

/// <summary>
/// Exercises a handler class without sockets, the way a peer would: the presentation context is
/// negotiated from the handler's declarations, the request dataset is encoded and handed over lazily
/// decoded, the handler's answer goes through the same validation as on the wire, and the response
/// dataset comes back decoded from its encoding. What the handler receives is lent for the call, as on an
/// association: once it has answered, the host takes the request's dataset back, so a handler that kept it
/// (or an accessor over it) without <c>Keep()</c> fails in the test that uses it afterwards, naming Keep().
/// </summary>
public sealed class DicomTestHost
{
    private readonly IDicomServiceHandler _handler;
    private readonly HandlerInvoker _invoker;
    private readonly DicomTransferSyntax _transferSyntax;
    private ushort _messageId;

    public DicomTestHost(IDicomServiceHandler handler, ILogger? logger = null, DicomTransferSyntax? transferSyntax = null)
    {
        _handler = handler;
        _invoker = new HandlerInvoker(handler, logger ?? NullLogger.Instance);
        _transferSyntax = transferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian;
        Logger = logger ?? NullLogger.Instance;
    }

    private ILogger Logger { get; }

    /// <summary>The association the test host pretends to have: the peer as requestor with the roles it would propose.</summary>
    public string CallingAETitle { get; init; } = "TESTPEER";

    /// <summary>
    /// Sends the request as a peer would on a context for <paramref name="abstractSyntax"/> (the request's SOP
    /// class by default). A context the handler does not accept makes this throw, as a peer's association
    /// would have rejected it.
    /// </summary>
    public async Task<DimseResponse> SendAsync(DimseRequest request, string? abstractSyntax = null, CancellationToken cancellationToken = default)
    {
        // One arena per call: calls made at once do not share it, and everything it lent is taken back after the answer.
        var arena = new ReceivedRequestArena();
        var (received, context) = Receive(request, arena, abstractSyntax);
        var response = await _invoker.InvokeAsync(received, context, "test host", cancellationToken).ConfigureAwait(false);
        var buffer = new ByteBuffer();
        var (sent, dataset) = _invoker.Prepare(received, response, _transferSyntax, buffer, "test host");
        arena.Recycle();
        var command = sent.ToCommand(received);
        command.HasDataset = dataset is not null;
        return DimseResponse.FromCommand(command, dataset is { } bytes ? DicomDataset.Decode(bytes.ToArray(), _transferSyntax) : null);
    }

    /// <summary>
    /// Sends a C-FIND as <see cref="SendAsync"/> does and runs the handler's stream to its end: each match as the peer would
    /// receive it (projected onto the query's keys, encoded and decoded), and the final response (Success, or what refused
    /// the query; 0xC000 when the stream threw). Cancelling <paramref name="cancellationToken"/> cancels the handler's token,
    /// as a C-CANCEL does, and the final response is 0xFE00.
    /// </summary>
    public async Task<DicomTestQueryResult> FindAsync(CFindRequest request, CancellationToken cancellationToken = default)
    {
        var (received, context) = Receive(request, new ReceivedRequestArena());
        var response = await _invoker.InvokeStreamAsync(received, context, "test host", cancellationToken).ConfigureAwait(false);
        var matches = new List<DicomDataset>();
        if (response.Matches is not { } stream)
        {
            return new DicomTestQueryResult(matches, response);
        }

        var final = DimseStatus.Success;
        string? comment = null;
        try
        {
            await foreach (var match in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                matches.Add(DicomDataset.Decode(((CFindRequest)received).Query.Project(match).Encode(_transferSyntax), _transferSyntax));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            final = DimseStatus.Cancel;
        }
        catch (DimseStatusException thrown)
        {
            (final, comment) = (thrown.Status, thrown.ErrorComment);
        }
        catch (Exception ex)
        {
            final = DimseStatus.UnableToProcess;
            comment = $"{ex.GetType().Name}: {ex.Message}";
        }

        return new DicomTestQueryResult(matches, DimseResponse.FromStatus(cancellationToken.IsCancellationRequested ? DimseStatus.Cancel : final, comment));
    }

    /// <summary>
    /// Sends a C-MOVE or C-GET as <see cref="SendAsync"/> does and returns the instances the handler names, without sending
    /// them (what the framework would send, one C-STORE each), and the response that refused the request, if one did.
    /// </summary>
    public async Task<(IReadOnlyList<CStoreRequest> Instances, DimseResponse? Refusal)> RetrieveAsync(QueryRequest request, CancellationToken cancellationToken = default)
    {
        var (received, context) = Receive(request, new ReceivedRequestArena());
        var response = await _invoker.InvokeStreamAsync(received, context, "test host", cancellationToken).ConfigureAwait(false);
        if (response.Instances is not { } stream)
        {
            return ([], response);
        }

        var instances = new List<CStoreRequest>();
        await foreach (var instance in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            instances.Add(instance);
        }

        return (instances, null);
    }

    /// <summary>The request as the handler receives it, on a context negotiated as the peer would propose it, its dataset lent from <paramref name="arena"/>.</summary>
    private (DimseRequest Received, NegotiatedContext Context) Receive(DimseRequest request, ReceivedRequestArena arena, string? abstractSyntax = null)
    {
        var context = Negotiate(abstractSyntax ?? request.SopClassUid, request.CommandField == DimseCommandField.NEventReportRequest);
        LocalNegotiation.Present(request, context, ++_messageId, CallingAETitle, "TESTHOST", Logger);
        return (Reencode(request, arena), context);
    }

    private NegotiatedContext Negotiate(string abstractSyntax, bool peerActsAsScp)
    {
        var context = LocalNegotiation.Negotiate(_handler, abstractSyntax, peerActsAsScp, _transferSyntax, CallingAETitle, "TESTHOST");
        return context.IsAccepted
            ? context
            : throw new DicomAssociationException($"The handler does not accept a presentation context for {DicomUidDictionary.Describe(abstractSyntax)} ({context.Result}).");
    }

    /// <summary>The request as the handler would receive it: the dataset encoded, then decoded lazily from the bytes.</summary>
    private DimseRequest Reencode(DimseRequest request, ReceivedRequestArena arena)
    {
        var command = request.ToCommand(request.MessageId);
        var dataset = request.Dataset is null ? null : arena.Datasets.Decode(request.Dataset.Encode(_transferSyntax), _transferSyntax);
        var received = DimseRequestFactory.Create(command, dataset, arena: arena)!;
        received.Association = request.Association;
        received.PresentationContext = request.PresentationContext;
        received.Log = request.Log;
        return received;
    }
}

/// <summary>What a C-FIND handler answered through the test host: the matches as the peer receives them, and the final response.</summary>
public sealed record DicomTestQueryResult(IReadOnlyList<DicomDataset> Matches, DimseResponse Final);

