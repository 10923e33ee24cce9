using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Network;

/// <summary>
/// The presentation context a peer would get for one abstract syntax from a handler's declarations, negotiated by the
/// acceptor's own rules: for requests that reach a handler without an association (the test host, a DICOMweb gateway).
/// </summary>
internal static class LocalNegotiation
{
    /// <summary>The context, accepted or not (its <see cref="NegotiatedContext.Result"/> says why not).</summary>
    public static NegotiatedContext Negotiate(IDicomServiceHandler handler, string abstractSyntax, bool peerActsAsScp, DicomTransferSyntax transferSyntax,
        string callingAETitle, string calledAETitle)
    {
        var proposal = new PresentationContextProposal(1, abstractSyntax, [transferSyntax.Uid]);
        var roles = peerActsAsScp ? new[] { new RoleSelection(abstractSyntax, false, true) } : [];
        var request = new AssociateRequestPdu(calledAETitle, callingAETitle, AcceptorNegotiation.DicomApplicationContext, [proposal],
            new UserInformation { MaximumLength = 16384, ImplementationClassUid = DicomImplementation.ClassUid, RoleSelections = roles });
        var outcome = AcceptorNegotiation.Negotiate(request, new DicomServerOptions { AETitle = calledAETitle, CheckCalledAETitle = false }, handler.PresentationContexts);
        return outcome.Contexts.Single();
    }

    /// <summary>Gives a request what an association gives one it received: its Message ID, the association (with the user identity it negotiated), the context, the log.</summary>
    public static void Present(DimseRequest request, NegotiatedContext context, ushort messageId, string callingAETitle, string calledAETitle,
        Microsoft.Extensions.Logging.ILogger logger, DicomUserIdentity? userIdentity = null)
    {
        request.MessageId = messageId;
        request.Association = new DicomAssociationInfo
        {
            CallingAETitle = callingAETitle,
            CalledAETitle = calledAETitle,
            IsRequestor = false,
            PresentationContexts = [context],
            UserIdentity = userIdentity,
        };
        request.PresentationContext = context;
        request.Log = logger;
    }
}
