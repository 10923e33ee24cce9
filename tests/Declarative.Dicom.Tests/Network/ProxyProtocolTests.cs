using System.Collections.Concurrent;
using System.Net;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// The PROXY protocol v2 on the listener: the address in a trusted proxy's header is the peer's address for KnownPeers and
/// the association; a connection without the header from the proxy, a header from an untrusted address, a v1 header and a
/// malformed or oversized one are all closed before any PDU is read.
/// </summary>
public sealed class ProxyProtocolTests
{
    private const string Verification = "1.2.840.10008.1.1";

    private static readonly IPEndPoint Modality = new(IPAddress.Parse("10.1.2.3"), 40123);

    private static (DicomServer Server, ConcurrentQueue<EndPoint?> Seen) Server(Action<ProxyProtocolOptions> proxy, string modalityHost = "10.1.2.3")
    {
        var seen = new ConcurrentQueue<EndPoint?>();
        var options = new DicomServerOptions
        {
            AETitle = "US",
            Port = 0,
            KnownPeers = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("MODALITY", modalityHost, 104)),
            ProxyProtocol = new ProxyProtocolOptions { HeaderTimeout = TimeSpan.FromSeconds(1) },
        };
        proxy(options.ProxyProtocol);
        var server = new DicomServer(options, new TestHandler([new PresentationContextPolicy(Verification)], request =>
        {
            seen.Enqueue(request.Association!.RemoteEndPoint);
            return new DimseResponse(DimseStatus.Success);
        })).Start();
        return (server, seen);
    }

    private static Task<DicomAssociation> Connect(int port) =>
        DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", port), [new PresentationContextRequest(Verification)],
            new DicomClientOptions { AETitle = "MODALITY", AcseTimeout = TimeSpan.FromSeconds(5) });

    [Fact]
    public async Task ATrustedProxysHeader_IsThePeersAddress_ForKnownPeersTheAssociationAndTheTrace()
    {
        using var recorded = new RecordedSpans();
        var spans = recorded.Spans;
        var (server, seen) = Server(p => p.Trust("127.0.0.1"));
        await using var _ = server;
        await using var relay = new ProxyRelay(server.Port, client => ProxyRelay.V2(Modality, new IPEndPoint(IPAddress.Loopback, server.Port)));

        await using (var association = await Connect(relay.Port))
        {
            Assert.Equal(DimseStatus.Success, (await association.SendAsync(new CEchoRequest())).Status);
            await association.ReleaseAsync();
        }

        Assert.Equal([Modality], seen); // 10.1.2.3:40123, not the relay's 127.0.0.1
        Assert.Contains(spans, s => (string?)s.GetTagItem("network.peer.address") == "10.1.2.3" && (int?)s.GetTagItem("network.peer.port") == 40123);
    }

    [Fact]
    public async Task KnownPeers_RefuseTheModality_WhenTheProxySaysItComesFromElsewhere()
    {
        var (server, _) = Server(p => p.Trust("127.0.0.1"), modalityHost: "10.9.9.9");
        await using var _ = server;
        await using var relay = new ProxyRelay(server.Port, client => ProxyRelay.V2(Modality, new IPEndPoint(IPAddress.Loopback, server.Port)));

        var rejected = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Connect(relay.Port));
        Assert.Equal(RejectReasons.ServiceUserCallingAETitleNotRecognized, rejected.Reason);
    }

    [Fact]
    public async Task AConnectionThatSkipsTheProxy_IsClosed_EvenFromTheProxysOwnAddress()
    {
        // The proxy is 127.0.0.1: a client that connects straight to the node from there sends no header, and whether one
        // comes is never guessed.
        var (server, seen) = Server(p => p.Trust("127.0.0.1"));
        await using var _ = server;

        await Assert.ThrowsAnyAsync<DicomAssociationException>(() => Connect(server.Port));
        Assert.Empty(seen);
    }

    [Fact]
    public async Task AHeaderFromAnUntrustedAddress_IsRefused_WithOrWithoutDirectConnectionsAllowed()
    {
        // Only 192.0.2.1 (TEST-NET-1) is a proxy here: 127.0.0.1 claiming to forward 10.1.2.3 is not believed.
        var (strict, seenStrict) = Server(p => p.Trust("192.0.2.1"));
        await using (strict)
        {
            await using var liar = new ProxyRelay(strict.Port, client => ProxyRelay.V2(Modality, new IPEndPoint(IPAddress.Loopback, strict.Port)));
            await Assert.ThrowsAnyAsync<DicomAssociationException>(() => Connect(liar.Port));
            Assert.Empty(seenStrict);
        }

        var (lenient, seenLenient) = Server(p => { p.Trust("192.0.2.1"); p.AllowDirectConnections = true; }, modalityHost: "127.0.0.1");
        await using (lenient)
        {
            await using var liar = new ProxyRelay(lenient.Port, client => ProxyRelay.V2(Modality, new IPEndPoint(IPAddress.Loopback, lenient.Port)));
            await Assert.ThrowsAnyAsync<DicomAssociationException>(() => Connect(liar.Port)); // the header is no PDU: aborted
            Assert.Empty(seenLenient);

            // A direct client without a header is served, under its own address.
            await using var direct = await Connect(lenient.Port);
            Assert.Equal(DimseStatus.Success, (await direct.SendAsync(new CEchoRequest())).Status);
            Assert.Equal(IPAddress.Loopback, ((IPEndPoint)seenLenient.Single()!).Address);
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("version 3")]
    [InlineData("oversized")]
    [InlineData("truncated")]
    [InlineData("UDP")]
    public async Task AMalformedHeaderFromTheProxy_ClosesTheConnection(string kind)
    {
        var (server, seen) = Server(p => p.Trust("127.0.0.1"));
        await using var _ = server;
        var destination = new IPEndPoint(IPAddress.Loopback, 104);
        await using var relay = new ProxyRelay(server.Port, client => kind switch
        {
            "v1" => "PROXY TCP4 10.1.2.3 127.0.0.1 40123 104\r\n"u8.ToArray(),
            "version 3" => Patch(ProxyRelay.V2(Modality, destination), 12, 0x31),
            "oversized" => ProxyRelay.V2(Modality, destination, extraLength: 4000),
            "truncated" => ProxyRelay.V2(Modality, destination)[..20], // then the client's PDU bytes are read as the address block
            "UDP" => Patch(ProxyRelay.V2(Modality, destination), 13, 0x12),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        });

        await Assert.ThrowsAnyAsync<DicomAssociationException>(() => Connect(relay.Port));
        Assert.Empty(seen);
    }

    [Fact]
    public void TheParser_TakesLocalAsTheConnectionsOwnAddress_AndReadsIPv6()
    {
        var local = ProxyRelay.V2(Modality, Modality, command: 0x20);
        Assert.Null(ProxyProtocolHeader.Source(local.AsSpan(0, 16), local.AsSpan(16)));

        var v6 = new byte[16 + 36];
        ProxyRelay.V2(Modality, Modality).AsSpan(0, 16).CopyTo(v6);
        v6[13] = 0x21;
        v6[15] = 36;
        IPAddress.Parse("2001:db8::7").GetAddressBytes().CopyTo(v6, 16);
        v6[16 + 32] = 0x9C;
        v6[16 + 33] = 0x40;
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 40000), ProxyProtocolHeader.Source(v6.AsSpan(0, 16), v6.AsSpan(16)));
    }

    private static byte[] Patch(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }
}
