using System.Net;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Who may associate: known peers by AE title and address, user identity (PS3.7 D.3.3.7), each refusal with its PS3.8 reason.</summary>
public class AccessControlTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private static readonly IReadOnlyList<PresentationContextPolicy> Policies = [new PresentationContextPolicy(Verification)];

    private static AssociateRequestPdu Request(string calling = "MODALITY", DicomUserIdentity? identity = null) =>
        new("US", calling, AcceptorNegotiation.DicomApplicationContext, [new PresentationContextProposal(1, Verification, ["1.2.840.10008.1.2"])],
            new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3", UserIdentity = identity?.ToRequest() });

    private static DicomServerOptions Options(Action<DicomServerOptions> configure)
    {
        var options = new DicomServerOptions { AETitle = "US" };
        configure(options);
        return options;
    }

    [Fact]
    public void KnownPeers_AcceptTheirAETitleFromTheirAddress_AndRejectOthersWithReason3()
    {
        var options = Options(o => o.KnownPeers = new RemoteApplicationEntityTable()
            .Add(new RemoteApplicationEntity("MODALITY", "10.1.2.3", 104))
            .Add(new RemoteApplicationEntity("LOCAL", "localhost", 104)));

        var known = AcceptorNegotiation.Negotiate(Request(), options, Policies, IPAddress.Parse("10.1.2.3"));
        var mapped = AcceptorNegotiation.Negotiate(Request(), options, Policies, IPAddress.Parse("10.1.2.3").MapToIPv6());
        var loopback = AcceptorNegotiation.Negotiate(Request("LOCAL"), options, Policies, IPAddress.Loopback);
        var elsewhere = AcceptorNegotiation.Negotiate(Request(), options, Policies, IPAddress.Parse("10.9.9.9"));
        var stranger = AcceptorNegotiation.Negotiate(Request("STRANGER"), options, Policies, IPAddress.Parse("10.1.2.3"));

        Assert.NotNull(known.Accept);
        Assert.NotNull(mapped.Accept);
        Assert.NotNull(loopback.Accept);
        Assert.Equal((RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ServiceUserCallingAETitleNotRecognized),
            (elsewhere.Reject!.Result, elsewhere.Reject.Source, elsewhere.Reject.Reason));
        Assert.Equal("'MODALITY' is known at 10.1.2.3, not at 10.9.9.9", elsewhere.Why);
        Assert.Equal(RejectReasons.ServiceUserCallingAETitleNotRecognized, stranger.Reject!.Reason);
        Assert.Equal("'STRANGER' is not a known peer", stranger.Why);
    }

    [Fact]
    public void UserIdentity_RightPasscodeIsAccepted_WithTheResponseAskedFor_WrongOneAndNoneAreRejected()
    {
        var options = Options(o => o.Authenticator = new PasscodeAuthenticator(new Dictionary<string, string> { ["tech"] = "s3cret" }));

        var right = AcceptorNegotiation.Negotiate(Request(identity: DicomUserIdentity.FromUsernameAndPasscode("tech", "s3cret", positiveResponseRequested: true)), options, Policies);
        var silent = AcceptorNegotiation.Negotiate(Request(identity: DicomUserIdentity.FromUsernameAndPasscode("tech", "s3cret")), options, Policies);
        var wrong = AcceptorNegotiation.Negotiate(Request(identity: DicomUserIdentity.FromUsernameAndPasscode("tech", "guess")), options, Policies);
        var none = AcceptorNegotiation.Negotiate(Request(), options, Policies);
        var usernameOnly = AcceptorNegotiation.Negotiate(Request(identity: DicomUserIdentity.FromUsername("tech")), options, Policies);

        Assert.Empty(Assert.IsType<byte[]>(right.Accept!.UserInformation.UserIdentityServerResponse));
        Assert.Null(silent.Accept!.UserInformation.UserIdentityServerResponse);
        Assert.Equal((RejectResult.Permanent, RejectSource.ServiceUser, RejectReasons.ServiceUserNoReasonGiven), (wrong.Reject!.Result, wrong.Reject.Source, wrong.Reject.Reason));
        Assert.Equal("wrong user name or passcode for UsernameAndPasscode 'tech'", wrong.Why);
        Assert.Equal("no user identity was sent", none.Why);
        Assert.Equal("user identity of type Username is not accepted here", usernameOnly.Why);
    }

    [Fact]
    public async Task OverTheWire_TheAcceptedIdentityReachesTheHandler_AndAWrongPasscodeIsRejected()
    {
        DicomUserIdentity? seen = null;
        var handler = new TestHandler(Policies, request =>
        {
            seen = request.Association!.UserIdentity;
            return new DimseResponse(DimseStatus.Success);
        });
        var options = new DicomServerOptions { AETitle = "US", Port = 0, Authenticator = new PasscodeAuthenticator(new Dictionary<string, string> { ["tech"] = "s3cret" }) };
        await using var server = new DicomServer(options, handler).Start();
        var us = new RemoteApplicationEntity("US", "127.0.0.1", server.Port);

        await using (var association = await DicomClient.ConnectAsync(us, [new PresentationContextRequest(Verification)],
            new DicomClientOptions { UserIdentity = DicomUserIdentity.FromUsernameAndPasscode("tech", "s3cret") }))
        {
            Assert.Equal(DimseStatus.Success, (await association.SendAsync(new CEchoRequest())).Status);
            await association.ReleaseAsync();
        }

        var rejected = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => DicomClient.ConnectAsync(us, [new PresentationContextRequest(Verification)],
            new DicomClientOptions { UserIdentity = DicomUserIdentity.FromUsernameAndPasscode("tech", "guess") }));

        Assert.Equal("tech", seen!.Username);
        Assert.Equal(RejectReasons.ServiceUserNoReasonGiven, rejected.Reason);
    }
}
