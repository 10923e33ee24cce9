using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;
using Microsoft.Extensions.Logging;
using static Declarative.Dicom.Network.Association.AssociationAction;
using static Declarative.Dicom.Network.Association.AssociationState;

namespace Declarative.Dicom.Network.Association;

/// <summary>The actions of PS3.8 Tables 9-6 to 9-9, one method case per action, named as the standard names them.</summary>
public sealed partial class DicomAssociation
{
    private DicomServerOptions? _serverOptions;
    private byte? _refusal;
    private AssociateRequestPdu? _associateRequest;
    private AcceptorNegotiation.Outcome? _negotiation;

    /// <summary>What an event carries: the PDU received, a P-DATA body, a message to send, or why a PDU was refused.</summary>
    private readonly record struct EventData(
        Pdu? Pdu = null,
        ReadOnlyMemory<byte> PData = default,
        OutgoingMessage? Outgoing = null,
        AbortReason? Reason = null,
        string? Detail = null);

    /// <summary>
    /// A message to write: its dataset encoded in memory, or in a file streamed as it is written (<see cref="EncodedFile"/>).
    /// <see cref="Immediate"/>: written at once, never held for coalescing (a response sent from outside the receive loop,
    /// which may be waiting for input).
    /// </summary>
    private readonly record struct OutgoingMessage(NegotiatedContext Context, DimseCommand Command, ReadOnlyMemory<byte>? Dataset, EncodedDataset? EncodedFile = null,
        RequestSlot? Slot = null, bool Immediate = false);

    /// <summary>
    /// Runs one event through the state table under the association's lock. A local event the table has no
    /// cell for is an error, unless <paramref name="ifApplicable"/>: then it is dropped (an abort racing the
    /// end of the association).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ProcessAsync(AssociationEvent evt, EventData data = default, bool ifApplicable = false)
    {
        await _machineLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var action = AssociationStateMachine.Lookup(evt, _state);
            if (action is null && ifApplicable)
            {
                return;
            }

            if (action is null)
            {
                throw new InvalidOperationException($"{evt} cannot happen in {_state} ({StateDescription(_state)}).");
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                NetworkLog.Transition(_logger, _name, evt.ToString(), _state.ToString(), action.Value.ToString());
            }

            _state = await ExecuteAsync(action.Value, evt, data).ConfigureAwait(false);
        }
        finally
        {
            _machineLock.Release();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AssociationState> ExecuteAsync(AssociationAction action, AssociationEvent evt, EventData data)
    {
        switch (action)
        {
            case AE1: // Issue TRANSPORT CONNECT request: the caller connected the socket before.
                return Sta4;
            case AE2: // Send A-ASSOCIATE-RQ PDU.
                await WritePduAsync(_associateRequest!).ConfigureAwait(false);
                return Sta5;
            case AE3: // Issue A-ASSOCIATE confirmation (accept).
                _info = BuildRequestorInfo((AssociateAcceptPdu)data.Pdu!);
                _requests = new RequestWindow(_info.MaxOperationsInvoked);
                NetworkLog.Accepted(_logger, _name, _info.PresentationContexts.Count(c => c.IsAccepted), _info.PresentationContexts.Count);
                DicomMetrics.Association("accepted", isRequestor: true);
                _established.TrySetResult();
                return Sta6;
            case AE4: // Issue A-ASSOCIATE confirmation (reject) and close transport.
                var reject = (AssociateRejectPdu)data.Pdu!;
                Fail(new DicomAssociationRejectedException(reject));
                NetworkLog.Rejected(_logger, _name, RejectReasons.Describe(reject.Source, reject.Reason));
                DicomMetrics.Association("rejected", isRequestor: true);
                CloseTransport();
                return Sta1;
            case AE5: // Issue transport connection response; start ARTIM.
                _artim.Start();
                return Sta2;
            case AE6: // Stop ARTIM; decide the A-ASSOCIATE-RQ (Evt7 or Evt8 follows).
                _artim.Stop();
                Negotiate((AssociateRequestPdu)data.Pdu!);
                return Sta3;
            case AE7: // Send A-ASSOCIATE-AC PDU.
                await WritePduAsync(_negotiation!.Accept!).ConfigureAwait(false);
                NetworkLog.Accepted(_logger, _name, _info!.PresentationContexts.Count(c => c.IsAccepted), _info.PresentationContexts.Count);
                DicomMetrics.Association("accepted", isRequestor: false);
                _established.TrySetResult();
                return Sta6;
            case AE8: // Send A-ASSOCIATE-RJ PDU and start ARTIM.
                var rj = _negotiation!.Reject!;
                NetworkLog.Rejected(_logger, _name, RejectReasons.Describe(rj.Source, rj.Reason) + (_negotiation?.Why is { } refusal ? $" ({refusal})" : string.Empty));
                DicomMetrics.Association("rejected", isRequestor: false);
                await TryWritePduAsync(rj).ConfigureAwait(false);
                _artim.Start();
                return Sta13;
            case DT1: // Send P-DATA-TF PDU.
            case AR7:
                await WriteMessageAsync(data.Outgoing!.Value).ConfigureAwait(false);
                return action == DT1 ? Sta6 : Sta8;
            case DT2: // Send P-DATA indication.
            case AR6:
                Assemble(data.PData);
                return action == DT2 ? Sta6 : Sta7;
            case AR1: // Send A-RELEASE-RQ PDU.
                await WritePduAsync(new ReleaseRequestPdu()).ConfigureAwait(false);
                return Sta7;
            case AR2: // Issue A-RELEASE indication (Evt14 follows: we always agree).
                return Sta8;
            case AR3: // Issue A-RELEASE confirmation and close transport.
                NetworkLog.Released(_logger, _name);
                _released.TrySetResult();
                CloseTransport();
                return Sta1;
            case AR4: // Issue A-RELEASE-RP PDU and start ARTIM.
                await TryWritePduAsync(new ReleaseResponsePdu()).ConfigureAwait(false);
                NetworkLog.Released(_logger, _name);
                _released.TrySetResult();
                _artim.Start();
                return Sta13;
            case AR5: // Stop ARTIM.
                _artim.Stop();
                return Sta1;
            case AR8: // Release collision: issue A-RELEASE indication.
                return _isRequestor ? Sta9 : Sta10;
            case AR9: // Send A-RELEASE-RP PDU.
                await TryWritePduAsync(new ReleaseResponsePdu()).ConfigureAwait(false);
                return Sta11;
            case AR10: // Issue A-RELEASE confirmation.
                return Sta12;
            case AA1: // Send A-ABORT PDU and start (or restart) ARTIM.
                await SendAbortAsync(evt, data).ConfigureAwait(false);
                _artim.Start();
                return Sta13;
            case AA2: // Stop ARTIM if running; close transport.
                _artim.Stop();
                if (evt == AssociationEvent.Evt18)
                {
                    NetworkLog.TimedOut(_logger, _name, "ARTIM", _artim.Timeout.TotalSeconds);
                }

                Fail(new DicomAssociationAbortedException(evt == AssociationEvent.Evt16 ? "The peer aborted the association." : "The association timed out."));
                CloseTransport();
                return Sta1;
            case AA3: // Issue A-ABORT or A-P-ABORT indication and close transport.
                var abort = (AbortPdu)data.Pdu!;
                var why = abort.Source == AbortSource.ServiceProvider ? $"provider abort, reason {abort.Reason}" : "aborted by the peer";
                NetworkLog.Aborted(_logger, _name, why);
        DicomMetrics.Association("aborted", _isRequestor);
                Fail(new DicomAssociationAbortedException($"The association was {why}.", abort.Source, abort.Reason));
                CloseTransport();
                return Sta1;
            case AA4: // Issue A-P-ABORT indication (the transport closed under us).
                NetworkLog.Aborted(_logger, _name, "connection closed" + (data.Detail is null ? string.Empty : $": {data.Detail}"));
                DicomMetrics.Association("aborted", _isRequestor);
                Fail(new DicomAssociationAbortedException("The connection closed before the association ended" + (data.Detail is null ? "." : $": {data.Detail}")));
                return Sta1;
            case AA5: // Stop ARTIM.
                _artim.Stop();
                return Sta1;
            case AA6: // Ignore PDU.
                return Sta13;
            case AA7: // Send A-ABORT PDU.
                await TryWritePduAsync(new AbortPdu(AbortSource.ServiceProvider, data.Reason ?? AbortReason.UnexpectedPdu)).ConfigureAwait(false);
                return Sta13;
            case AA8: // Send A-ABORT PDU (service-provider source), issue A-P-ABORT indication, start ARTIM.
                var reason = data.Reason ?? AbortReason.UnexpectedPdu;
                NetworkLog.ProtocolError(_logger, _name, reason.ToString(), data.Detail ?? $"unexpected {evt} in {_state}");
                DicomMetrics.Association("aborted", _isRequestor);
                Fail(new DicomAssociationAbortedException($"Protocol error ({reason}): {data.Detail ?? $"unexpected {evt}"}", AbortSource.ServiceProvider, reason));
                await TryWritePduAsync(new AbortPdu(AbortSource.ServiceProvider, reason)).ConfigureAwait(false);
                _artim.Start();
                return Sta13;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    /// <summary>
    /// AA-1. PS3.8 names the service user as the source; where the cause is a malformed PDU (Evt19 in Sta2)
    /// we say service provider and give the reason, so that the peer's log names the fault.
    /// </summary>
    private async ValueTask SendAbortAsync(AssociationEvent evt, EventData data)
    {
        var abort = evt == AssociationEvent.Evt15
            ? new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)
            : new AbortPdu(AbortSource.ServiceProvider, data.Reason ?? AbortReason.UnexpectedPdu);
        var why = evt == AssociationEvent.Evt15 ? data.Detail ?? "aborted locally" : $"{abort.Reason}: {data.Detail ?? evt.ToString()}";
        NetworkLog.Aborted(_logger, _name, why);
        DicomMetrics.Association("aborted", _isRequestor);
        Fail(new DicomAssociationAbortedException($"The association was aborted ({why}).", abort.Source, abort.Reason));
        await TryWritePduAsync(abort).ConfigureAwait(false);
    }

    private void Negotiate(AssociateRequestPdu request)
    {
        _name = $"{request.CallingAETitle} → {request.CalledAETitle}@{_name}";
        if (_refusal is { } reason)
        {
            _negotiation = new AcceptorNegotiation.Outcome(null, new AssociateRejectPdu(RejectResult.Transient, RejectSource.ServiceProviderPresentation, reason), []);
            return;
        }

        _negotiation = AcceptorNegotiation.Negotiate(request, _serverOptions!, _handler!.PresentationContexts, (_remoteEndPoint as System.Net.IPEndPoint)?.Address);
        if (_negotiation.Accept is not null)
        {
            var (invoked, performed) = OperationsWindow.ForAcceptor(_negotiation.Accept.UserInformation.AsynchronousOperationsWindow);
            _info = NegotiatedInfo(request, request.UserInformation, isRequestor: false, _negotiation.Contexts, invoked, performed);
            _requests = new RequestWindow(invoked);
        }
    }

    private DicomAssociationInfo BuildRequestorInfo(AssociateAcceptPdu accept)
    {
        var request = _associateRequest!;
        var contexts = new List<NegotiatedContext>();
        foreach (var answer in accept.PresentationContexts)
        {
            var proposal = request.PresentationContexts.FirstOrDefault(p => p.Id == answer.Id);
            if (proposal is null)
            {
                continue; // an answer to nothing we proposed carries no meaning
            }

            var ours = request.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposal.AbstractSyntax);
            var theirs = accept.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposal.AbstractSyntax);
            // PS3.7 D.3.3.4: without the acceptor's item the default roles apply; it cannot grant what was not proposed.
            var (scu, scp) = ours is not null && theirs is not null ? (ours.ScuRole && theirs.ScuRole, ours.ScpRole && theirs.ScpRole) : (true, false);
            contexts.Add(new NegotiatedContext(answer.Id, proposal.AbstractSyntax, answer.TransferSyntax, answer.Result, scu, scp, theirs is not null));
        }

        var (invoked, performed) = OperationsWindow.ForRequestor(request.UserInformation.AsynchronousOperationsWindow, accept.UserInformation.AsynchronousOperationsWindow);
        return NegotiatedInfo(request, accept.UserInformation, isRequestor: true, contexts, invoked, performed);
    }

    /// <summary>The association as negotiated: AE titles from the request, the peer's facts from its own user information.</summary>
    private DicomAssociationInfo NegotiatedInfo(AssociateRequestPdu request, UserInformation peer, bool isRequestor, IReadOnlyList<NegotiatedContext> contexts,
        int operationsInvoked, int operationsPerformed) => new()
    {
        MaxOperationsInvoked = operationsInvoked,
        MaxOperationsPerformed = operationsPerformed,
        CallingAETitle = request.CallingAETitle,
        CalledAETitle = request.CalledAETitle,
        RemoteEndPoint = _remoteEndPoint,
        IsRequestor = isRequestor,
        PeerImplementationClassUid = peer.ImplementationClassUid,
        PeerImplementationVersionName = peer.ImplementationVersionName,
        PeerMaxPduLength = peer.MaximumLength,
        PresentationContexts = contexts,
        UserIdentity = DicomUserIdentity.From(request.UserInformation.UserIdentity),
    };

    private void Assemble(ReadOnlyMemory<byte> body) =>
        PduParser.ForEachPdv(body, static (pdv, self) =>
        {
            if (self._assembler.Add(pdv, self._info!) is { } message)
            {
                self._received.Enqueue(message);
            }
        }, this);

    private static string StateDescription(AssociationState state) => state switch
    {
        Sta1 => "idle",
        Sta6 => "established",
        Sta13 => "ending",
        _ => "negotiating or releasing",
    };
}
