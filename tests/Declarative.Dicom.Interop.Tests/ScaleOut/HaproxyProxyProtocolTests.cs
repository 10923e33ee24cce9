using System.Globalization;
using System.Net;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.ScaleOut;

/// <summary>
/// A node behind a real HAProxy (mode tcp, send-proxy-v2): the node's KnownPeers judge the modality (DCMTK's echoscu) by the
/// address HAProxy reports, not by HAProxy's own. One frontend rewrites the client's source to 10.1.2.3 (as a modality on
/// another network would arrive), the other passes 127.0.0.1 through; a connection straight to the node is closed.
/// </summary>
public sealed class HaproxyProxyProtocolTests
{
    private const string Verification = "1.2.840.10008.1.1";

    [Fact]
    public async Task KnownPeers_JudgeTheModalityByTheAddressHaproxyReports()
    {
        var options = new DicomServerOptions
        {
            AETitle = "NODE",
            Port = 0,
            KnownPeers = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("MODALITY", "10.1.2.3", 104)),
            ProxyProtocol = new ProxyProtocolOptions().Trust("127.0.0.1"),
        };
        var handler = new RecordingHandler([new PresentationContextPolicy(Verification)]);
        await using var node = new DicomServer(options, handler).Start();
        int fromElsewhere = LocalPorts.Free(), fromHere = LocalPorts.Free();
        using var haproxy = await Haproxy.StartAsync($"""
            frontend modality_network
                bind 127.0.0.1:{fromElsewhere}
                tcp-request connection set-src ipv4(10.1.2.3)
                default_backend nodes
            frontend loopback
                bind 127.0.0.1:{fromHere}
                default_backend nodes
            backend nodes
                server node1 127.0.0.1:{node.Port} send-proxy-v2
            """, fromElsewhere, fromHere);

        var admitted = Echo(fromElsewhere);
        var refused = Echo(fromHere);
        var direct = Echo(node.Port);

        admitted.EnsureSuccess("echoscu through HAProxy as 10.1.2.3");
        Assert.Equal(IPAddress.Parse("10.1.2.3"), ((IPEndPoint)Assert.Single(handler.Requests).Association!.RemoteEndPoint!).Address);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Association Rejected", refused.StandardError + refused.StandardOutput); // 127.0.0.1 is not where MODALITY is known
        Assert.NotEqual(0, direct.ExitCode); // no header from 127.0.0.1, the proxy's address: closed before any PDU
        Assert.DoesNotContain("Association Rejected", direct.StandardError + direct.StandardOutput);
        Assert.Single(handler.Requests);
    }

    private static ExternalTool.Result Echo(int port) =>
        ExternalTool.Run("echoscu", TimeSpan.FromSeconds(30), "-aet", "MODALITY", "-aec", "NODE", "-to", "5", "-ta", "5", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture));
}
