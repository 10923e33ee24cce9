using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>A-RELEASE, including the collision of PS3.8 9.2.3 where both sides ask at once.</summary>
public class ReleaseTests
{
    private const string Verification = "1.2.840.10008.1.1";

    private static async Task<(DicomAssociation Association, ScriptedPeer Peer)> ConnectAsync()
    {
        var (port, accepted) = ScriptedPeer.Listen();
        var connecting = DicomClient.ConnectAsync(new RemoteApplicationEntity("PEER", "127.0.0.1", port), [new PresentationContextRequest(Verification)]);
        var peer = await accepted;
        var request = Assert.IsType<AssociateRequestPdu>(await peer.ReadPduAsync());
        await peer.WritePduAsync(ScriptedPeer.AssociateAccept(request));
        return (await connecting, peer);
    }

    [Fact]
    public async Task Release_SendsRequest_AndEndsOnTheResponse()
    {
        var (association, peer) = await ConnectAsync();
        await using (peer)
        {
            var releasing = association.ReleaseAsync();
            Assert.IsType<ReleaseRequestPdu>(await peer.ReadPduAsync());
            await peer.WritePduAsync(new ReleaseResponsePdu());
            await releasing;

            Assert.Equal(AssociationState.Sta1, association.State);
            Assert.Null(association.Failure);
        }
    }

    [Fact]
    public async Task ReleaseCollision_RequestorSide_FollowsSta7Sta9Sta11()
    {
        var (association, peer) = await ConnectAsync();
        await using (peer)
        {
            var releasing = association.ReleaseAsync();
            Assert.IsType<ReleaseRequestPdu>(await peer.ReadPduAsync());
            // The acceptor asked too, before seeing ours: Evt12 in Sta7 is AR-8, then as requestor we answer first (AR-9).
            await peer.WritePduAsync(new ReleaseRequestPdu());
            Assert.IsType<ReleaseResponsePdu>(await peer.ReadPduAsync());
            await peer.WritePduAsync(new ReleaseResponsePdu());
            await releasing;

            Assert.Equal(AssociationState.Sta1, association.State);
            Assert.Null(association.Failure);
        }
    }

    [Fact]
    public async Task PeerRequestsRelease_WeAnswerAndTheAssociationEnds()
    {
        var (association, peer) = await ConnectAsync();
        await using (peer)
        {
            await peer.WritePduAsync(new ReleaseRequestPdu());
            Assert.IsType<ReleaseResponsePdu>(await peer.ReadPduAsync());
        }

        await association.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AssociationState.Sta1, association.State);
    }

    [Fact]
    public async Task ReleaseAfterTheEnd_IsAClearError()
    {
        var (association, peer) = await ConnectAsync();
        await peer.WritePduAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
        await association.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await peer.DisposeAsync();

        var error = await Assert.ThrowsAsync<DicomAssociationException>(() => association.ReleaseAsync());
        Assert.Contains("already ended", error.Message);
    }
}
