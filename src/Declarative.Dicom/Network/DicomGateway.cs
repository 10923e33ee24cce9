using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.Network;

/// <summary>
/// Hands requests that arrive by another protocol — a DICOMweb origin server's — to a handler as if a peer had sent them on
/// an association: on a context for the SOP class PS3.4 gives the message, negotiated from the handler's declarations, and
/// through the same invoker as on the wire (0x0118/0x0122 for a SOP class not served, 0x0110 for an exception or a handler
/// time-out, a reply dataset only with Success or Warning). So the application's handler class — its rules in front of a
/// workflow — answers a web request exactly as it answers the same request by DIMSE.
/// </summary>
public sealed class DicomGateway
{
    private readonly IDicomServiceHandler _handler;
    private readonly string _aeTitle;
    private readonly ILogger _logger;
    private readonly TimeSpan _handlerTimeout;
    private int _messageId;

    /// <param name="handler">The handler the DIMSE listener serves (a generated class, a workflow, or a workflow with rules).</param>
    /// <param name="aeTitle">Our AE title, as the handler sees it (the called AE title).</param>
    /// <param name="logger">Handler failures and refusals, as the association logs them.</param>
    /// <param name="handlerTimeout">A handler that has not answered by then is answered 0x0110 (its token cancelled), as on an association; 30 s by default.</param>
    public DicomGateway(IDicomServiceHandler handler, string aeTitle = "GATEWAY", ILogger? logger = null, TimeSpan? handlerTimeout = null)
    {
        _handler = handler;
        _aeTitle = aeTitle;
        _logger = logger ?? NullLogger.Instance;
        _handlerTimeout = handlerTimeout ?? new DicomAssociationOptions().HandlerTimeout;
    }

    /// <summary>
    /// One request, on a context for <paramref name="abstractSyntax"/>, from <paramref name="callingAETitle"/> (who the web
    /// user agent is to the handler, when it can say) and <paramref name="userIdentity"/> (its authenticated user, as a DIMSE
    /// peer's User Identity negotiation gives one: <c>request.Association.UserIdentity</c>). The response as the association
    /// would send it.
    /// </summary>
    public async Task<DimseResponse> SendAsync(DimseRequest request, string abstractSyntax, string callingAETitle, CancellationToken cancellationToken = default,
        DicomUserIdentity? userIdentity = null)
    {
        var (context, refusal) = Prepare(request, abstractSyntax, callingAETitle, userIdentity);
        if (refusal is not null)
        {
            return refusal;
        }

        var response = await new HandlerInvoker(_handler, _logger, _handlerTimeout).InvokeAsync(request, context, Describe(callingAETitle), cancellationToken).ConfigureAwait(false);
        if (response.Dataset is not null && !response.Status.AllowsReplyDataset)
        {
            NetworkLog.ReplyDropped(_logger, Describe(callingAETitle), request.ToString(), response.Status.ToString());
            return DimseResponse.FromStatus(response.Status, response.ErrorComment);
        }

        return response;
    }

    /// <summary>A C-FIND, its matches streamed as the handler yields them (<see cref="DimseResponse.Matches"/>) or the response that refused it.</summary>
    public async Task<DimseResponse> FindAsync(CFindRequest request, string abstractSyntax, string callingAETitle, CancellationToken cancellationToken = default,
        DicomUserIdentity? userIdentity = null)
    {
        var (context, refusal) = Prepare(request, abstractSyntax, callingAETitle, userIdentity);
        return refusal ?? await new HandlerInvoker(_handler, _logger).InvokeStreamAsync(request, context, Describe(callingAETitle), cancellationToken).ConfigureAwait(false);
    }

    private (NegotiatedContext Context, DimseResponse? Refusal) Prepare(DimseRequest request, string abstractSyntax, string callingAETitle, DicomUserIdentity? userIdentity)
    {
        var context = LocalNegotiation.Negotiate(_handler, abstractSyntax, request.CommandField == DimseCommandField.NEventReportRequest,
            DicomTransferSyntax.ExplicitVRLittleEndian, callingAETitle, _aeTitle);
        if (!context.IsAccepted)
        {
            // What an association would have answered: the context rejected, so the request is refused as not served.
            var status = request.CommandField.IsNormalized() ? DimseStatus.NoSuchSopClass : DimseStatus.SopClassNotSupported;
            return (context, DimseResponse.FromStatus(status, $"SOP class {abstractSyntax} is not served here ({context.Result})"));
        }

        LocalNegotiation.Present(request, context, (ushort)Interlocked.Increment(ref _messageId), callingAETitle, _aeTitle, _logger, userIdentity);
        return (context, null);
    }

    private string Describe(string callingAETitle) => $"{callingAETitle} (gateway)";
}
