using System.Buffers.Binary;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Malformed and hostile input ends in A-ABORT or A-ASSOCIATE-RJ with the right reason, costs no large allocation, and leaves other associations alone.</summary>
public class HostileInputTests
{
    private const string Verification = "1.2.840.10008.1.1";

    private static DicomServer StartServer(TimeSpan? artim = null) =>
        new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, ArtimTimeout = artim ?? TimeSpan.FromSeconds(5) },
            new TestHandler([new PresentationContextPolicy(Verification)])).Start();

    private static AssociateRequestPdu EchoRequest() =>
        ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, Verification, ["1.2.840.10008.1.2"]));

    [Fact]
    public async Task PDataDeclaring4GiB_IsAbortedWithInvalidParameter_AndTheConnectionClosed()
    {
        await using var server = StartServer(artim: TimeSpan.FromMilliseconds(500));
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(EchoRequest());
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        await peer.WriteAsync([0x04, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00]);

        var abort = Assert.IsType<AbortPdu>(await peer.ReadPduAsync());
        Assert.Equal((AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue), (abort.Source, abort.Reason));
        Assert.True(await peer.IsClosedWithinAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task UnknownPduType_BeforeAssociation_IsAbortedAsUnrecognized()
    {
        await using var server = StartServer();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);

        await peer.WriteAsync([0x09, 0x00, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4]);

        var abort = Assert.IsType<AbortPdu>(await peer.ReadPduAsync());
        Assert.Equal(AbortReason.UnrecognizedPdu, abort.Reason);
    }

    [Fact]
    public async Task TruncatedAssociateRequest_IsAbortedAsInvalid()
    {
        await using var server = StartServer();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        var buffer = new Declarative.Dicom.Data.ByteBuffer();
        PduWriter.Write(buffer, EchoRequest());
        var bytes = buffer.ToArray()[..80];
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), 74); // consistent PDU length, cut inside an item

        await peer.WriteAsync(bytes);

        var abort = Assert.IsType<AbortPdu>(await peer.ReadPduAsync());
        Assert.Equal(AbortReason.InvalidPduParameterValue, abort.Reason);
    }

    [Fact]
    public async Task ReleasePduWithWrongLength_IsAbortedAsInvalid()
    {
        await using var server = StartServer();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(EchoRequest());
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        await peer.WriteAsync([0x05, 0x00, 0x00, 0x00, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0]);

        Assert.Equal(AbortReason.InvalidPduParameterValue, Assert.IsType<AbortPdu>(await peer.ReadPduAsync()).Reason);
    }

    [Fact]
    public async Task PDataBeforeAssociation_IsAborted()
    {
        await using var server = StartServer();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);

        await peer.WritePduAsync(new PDataTfPdu([new PresentationDataValue(1, true, true, new byte[] { 0 })]));

        Assert.IsType<AbortPdu>(await peer.ReadPduAsync());
    }

    [Fact]
    public async Task PDataOnAContextNeverAccepted_IsAborted()
    {
        await using var server = StartServer();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(EchoRequest());
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        await peer.WritePduAsync(new PDataTfPdu([new PresentationDataValue(7, true, true, new byte[] { 0 })]));

        var abort = Assert.IsType<AbortPdu>(await peer.ReadPduAsync());
        Assert.Equal(AbortReason.InvalidPduParameterValue, abort.Reason);
    }

    [Fact]
    public async Task TrickledBytes_StillMakeAnAssociation()
    {
        await using var server = StartServer();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        var buffer = new Declarative.Dicom.Data.ByteBuffer();
        PduWriter.Write(buffer, EchoRequest());

        foreach (var b in buffer.ToArray())
        {
            await peer.WriteAsync([b]);
            await Task.Delay(1);
        }

        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());
    }

    [Fact]
    public async Task SilentConnection_IsClosedWhenArtimExpires()
    {
        await using var server = StartServer(artim: TimeSpan.FromMilliseconds(300));
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);

        Assert.True(await peer.IsClosedWithinAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task HostilePeer_DoesNotDisturbAnotherAssociation()
    {
        await using var server = StartServer();
        await using var hostile = await ScriptedPeer.ConnectAsync(server.Port);
        await hostile.WriteAsync([0x01, 0x00, 0x00, 0x0F]); // a header that never finishes

        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)]);
        var response = await association.SendAsync(new CEchoRequest());

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(2, server.ActiveAssociations);
    }
}
