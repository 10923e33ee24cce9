using Declarative.Dicom.Data;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// Decides an A-ASSOCIATE-RQ for an acceptor (PS3.8 7.1.1, PS3.7 D.3.3): either the A-ASSOCIATE-AC
/// with each context's result and roles, or the A-ASSOCIATE-RJ with the reason. A pure function of the
/// request, the options and the handler's policies, so that it is tested without sockets.
/// </summary>
public static class AcceptorNegotiation
{
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    /// <summary>The decision: an A-ASSOCIATE-AC with the negotiated contexts, or an A-ASSOCIATE-RJ and, for the log, why.</summary>
    public sealed record Outcome(AssociateAcceptPdu? Accept, AssociateRejectPdu? Reject, IReadOnlyList<NegotiatedContext> Contexts, string? Why = null);

    public static Outcome Negotiate(AssociateRequestPdu request, DicomServerOptions options, IReadOnlyList<PresentationContextPolicy> policies,
        System.Net.IPAddress? remoteAddress = null)
    {
        if ((request.ProtocolVersion & 0x0001) == 0)
        {
            return Rejected(RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReasons.AcseProtocolVersionNotSupported);
        }

        if (request.ApplicationContextName != DicomApplicationContext)
        {
            return Rejected(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ServiceUserApplicationContextNameNotSupported);
        }

        if (options.CheckCalledAETitle && !string.Equals(request.CalledAETitle, options.AETitle, StringComparison.Ordinal))
        {
            return Rejected(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ServiceUserCalledAETitleNotRecognized);
        }

        if (options.AllowedCallingAETitles.Count > 0 && !options.AllowedCallingAETitles.Contains(request.CallingAETitle))
        {
            return Rejected(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ServiceUserCallingAETitleNotRecognized);
        }

        if (options.KnownPeers is { } peers && PeerAccess.Refuses(peers, request.CallingAETitle, remoteAddress) is { } unknown)
        {
            return Rejected(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ServiceUserCallingAETitleNotRecognized, unknown);
        }

        var identity = DicomUserIdentity.From(request.UserInformation.UserIdentity);
        byte[]? serverResponse = null;
        if (options.Authenticator is { } authenticator)
        {
            var verdict = authenticator.Authenticate(new DicomAuthenticationRequest(request.CallingAETitle, request.CalledAETitle, remoteAddress, identity));
            if (!verdict.Accepted)
            {
                return Rejected(RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ServiceUserNoReasonGiven, verdict.Why ?? "refused by the authenticator");
            }

            serverResponse = verdict.ServerResponse;
        }

        var contexts = new List<NegotiatedContext>(request.PresentationContexts.Count);
        var answers = new List<PresentationContextAnswer>(request.PresentationContexts.Count);
        var roleReplies = new List<RoleSelection>();
        foreach (var proposal in request.PresentationContexts)
        {
            var proposedRole = FindRole(request.UserInformation.RoleSelections, proposal.AbstractSyntax);
            var context = Decide(proposal, proposedRole, policies, options);
            contexts.Add(context);
            answers.Add(new PresentationContextAnswer(proposal.Id, context.Result, context.TransferSyntax));
            // Answer a role item only where one was proposed (PS3.7 D.3.3.4), once per abstract syntax.
            if (proposedRole is not null && context.IsAccepted && !roleReplies.Exists(r => r.SopClassUid == proposal.AbstractSyntax))
            {
                roleReplies.Add(new RoleSelection(proposal.AbstractSyntax, context.RequestorIsScu, context.RequestorIsScp));
            }
        }

        var userInformation = new UserInformation
        {
            MaximumLength = (uint)options.MaxPduLength,
            ImplementationClassUid = DicomImplementation.ClassUid,
            ImplementationVersionName = DicomImplementation.VersionName,
            RoleSelections = roleReplies,
            AsynchronousOperationsWindow = OperationsWindow.Answer(request.UserInformation.AsynchronousOperationsWindow, options),
            // PS3.7 D.3.3.7.2: answered only when asked for, and only once the identity was checked (empty for types 1 and 2).
            UserIdentityServerResponse = identity is { PositiveResponseRequested: true } && options.Authenticator is not null ? serverResponse ?? [] : null,
        };
        var accept = new AssociateAcceptPdu(request.CalledAETitle, request.CallingAETitle, DicomApplicationContext, answers, userInformation);
        return new Outcome(accept, null, contexts);
    }

    private static NegotiatedContext Decide(PresentationContextProposal proposal, RoleSelection? proposedRole,
        IReadOnlyList<PresentationContextPolicy> policies, DicomServerOptions options)
    {
        NegotiatedContext Result(PresentationContextResult result) =>
            new(proposal.Id, proposal.AbstractSyntax, proposal.TransferSyntaxes[0], result);

        var policy = FindPolicy(policies, proposal.AbstractSyntax);
        if (policy is null)
        {
            return Result(PresentationContextResult.AbstractSyntaxNotSupported);
        }

        var transferSyntax = policy.TransferSyntaxes.FirstOrDefault(ours => proposal.TransferSyntaxes.Contains(ours));
        if (transferSyntax is null)
        {
            return Result(PresentationContextResult.TransferSyntaxesNotSupported);
        }

        bool scu, scp;
        if (proposedRole is null)
        {
            // Default roles: the requestor is SCU. A listener that wants only reports still accepts the
            // context when leniency is on, because some commitment SCPs never negotiate the role.
            scu = true;
            scp = false;
            if (!policy.RequestorMayBeScu && !(policy.RequestorMayBeScp && options.AcceptEventReportsWithoutRoleNegotiation))
            {
                return Result(PresentationContextResult.UserRejection);
            }
        }
        else
        {
            scu = proposedRole.ScuRole && policy.RequestorMayBeScu;
            scp = proposedRole.ScpRole && policy.RequestorMayBeScp;
            if (!scu && !scp)
            {
                return Result(PresentationContextResult.UserRejection);
            }
        }

        return new NegotiatedContext(proposal.Id, proposal.AbstractSyntax, transferSyntax, PresentationContextResult.Acceptance, scu, scp, proposedRole is not null);
    }

    private static PresentationContextPolicy? FindPolicy(IReadOnlyList<PresentationContextPolicy> policies, string abstractSyntax)
    {
        foreach (var policy in policies)
        {
            if (policy.AbstractSyntax == abstractSyntax)
            {
                return policy;
            }
        }

        return null;
    }

    private static RoleSelection? FindRole(IReadOnlyList<RoleSelection> roles, string abstractSyntax)
    {
        foreach (var role in roles)
        {
            if (role.SopClassUid == abstractSyntax)
            {
                return role;
            }
        }

        return null;
    }

    private static Outcome Rejected(RejectResult result, RejectSource source, byte reason, string? why = null) =>
        new(null, new AssociateRejectPdu(result, source, reason), [], why);
}
