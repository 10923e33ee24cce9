using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

public class AcceptorNegotiationTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private const string Verification = "1.2.840.10008.1.1";
    private static readonly DicomServerOptions Options = new() { AETitle = "US" };

    [Fact]
    public void PrefersOurTransferSyntaxOrder_AndRejectsUnknownAbstractSyntaxes()
    {
        var request = ScriptedPeer.AssociateRequest("US",
            new PresentationContextProposal(1, Verification, ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]),
            new PresentationContextProposal(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2"]),
            new PresentationContextProposal(5, Verification, ["1.2.840.10008.1.2.4.50"]));

        var outcome = AcceptorNegotiation.Negotiate(request, Options, [new PresentationContextPolicy(Verification)]);

        var answers = outcome.Accept!.PresentationContexts;
        Assert.Equal((PresentationContextResult.Acceptance, "1.2.840.10008.1.2.1"), (answers[0].Result, answers[0].TransferSyntax));
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, answers[1].Result);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, answers[2].Result);
        Assert.Empty(outcome.Accept.UserInformation.RoleSelections);
    }

    [Fact]
    public void ScpRoleProposedForReports_IsAcceptedAndAnswered()
    {
        var request = ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"])) with { };
        request = request with { UserInformation = request.UserInformation with { RoleSelections = [new RoleSelection(StorageCommitment, false, true)] } };

        var outcome = AcceptorNegotiation.Negotiate(request, Options, [new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }]);

        var context = Assert.Single(outcome.Contexts);
        Assert.True(context.IsAccepted);
        Assert.True(context.RequestorIsScp);
        Assert.False(context.RequestorIsScu);
        Assert.Equal(new RoleSelection(StorageCommitment, false, true), Assert.Single(outcome.Accept!.UserInformation.RoleSelections));
    }

    [Fact]
    public void ScpRoleWeDoNotOffer_RejectsTheContextWhenNoRoleRemains()
    {
        var request = ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"]));
        request = request with { UserInformation = request.UserInformation with { RoleSelections = [new RoleSelection(StorageCommitment, false, true)] } };

        var outcome = AcceptorNegotiation.Negotiate(request, Options, [new PresentationContextPolicy(StorageCommitment)]);

        Assert.Equal(PresentationContextResult.UserRejection, Assert.Single(outcome.Contexts).Result);
    }

    [Fact]
    public void ReportListenerWithoutRoleItem_AcceptsOnlyWhenLenient()
    {
        var request = ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"]));
        PresentationContextPolicy[] listenerOnly = [new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScu = false, RequestorMayBeScp = true }];

        var lenient = AcceptorNegotiation.Negotiate(request, Options, listenerOnly);
        var strict = AcceptorNegotiation.Negotiate(request, new DicomServerOptions { AETitle = "US", AcceptEventReportsWithoutRoleNegotiation = false }, listenerOnly);

        Assert.True(Assert.Single(lenient.Contexts).IsAccepted);
        Assert.Equal(PresentationContextResult.UserRejection, Assert.Single(strict.Contexts).Result);
    }

    [Theory]
    [InlineData("OTHER", "1.2.840.10008.3.1.1.1", 1, RejectSource.ServiceUser, RejectReasons.ServiceUserCalledAETitleNotRecognized)]
    [InlineData("US", "1.2.3", 1, RejectSource.ServiceUser, RejectReasons.ServiceUserApplicationContextNameNotSupported)]
    [InlineData("US", "1.2.840.10008.3.1.1.1", 2, RejectSource.ServiceProviderAcse, RejectReasons.AcseProtocolVersionNotSupported)]
    public void Rejections_CarryTheStandardsReason(string called, string applicationContext, ushort version, RejectSource source, byte reason)
    {
        var request = ScriptedPeer.AssociateRequest(called) with { ApplicationContextName = applicationContext, ProtocolVersion = version };

        var reject = AcceptorNegotiation.Negotiate(request, Options, []).Reject!;

        Assert.Equal((RejectResult.Permanent, source, reason), (reject.Result, reject.Source, reject.Reason));
    }

    [Fact]
    public void CallingAETitleOutsideTheAllowList_IsRejectedWithReason3()
    {
        var options = new DicomServerOptions { AETitle = "US" };
        options.AllowedCallingAETitles.Add("FRIEND");

        var reject = AcceptorNegotiation.Negotiate(ScriptedPeer.AssociateRequest("US"), options, []).Reject!;

        Assert.Equal(RejectReasons.ServiceUserCallingAETitleNotRecognized, reject.Reason);
    }
}
