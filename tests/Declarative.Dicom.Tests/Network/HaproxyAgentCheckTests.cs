using System.Net.Sockets;
using System.Text;
using Declarative.Dicom.Hosting;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// What HAProxy's agent check reads from a node: "up ready" while it serves, "drain" while a stop lets its open associations
/// finish (a new association then gets a transient reject), "down" once it stopped.
/// </summary>
public sealed class HaproxyAgentCheckTests
{
    private const string Verification = "1.2.840.10008.1.1";

    private static async Task<string> AskAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task TheAgentSaysUp_ThenDrainWhileOpenAssociationsFinish_ThenDown()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "NODE", Port = 0 }, new TestHandler([new PresentationContextPolicy(Verification)])).Start();
        await using var agent = new HaproxyAgentCheck(server, "127.0.0.1", 0).Start();
        var node = new RemoteApplicationEntity("NODE", "127.0.0.1", server.Port);
        Assert.Equal("up ready\n", await AskAsync(agent.Port));

        var open = await DicomClient.ConnectAsync(node, [new PresentationContextRequest(Verification)]);
        var stopping = server.StopAsync(drain: TimeSpan.FromSeconds(10));
        Assert.Equal("drain\n", await AskAsync(agent.Port));
        var refused = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => DicomClient.ConnectAsync(node, [new PresentationContextRequest(Verification)]));
        Assert.Equal(RejectReasons.PresentationTemporaryCongestion, refused.Reason);
        Assert.Equal(DimseStatus.Success, (await open.SendAsync(new CEchoRequest())).Status); // the open association is still served

        await open.ReleaseAsync();
        await open.DisposeAsync();
        await stopping;
        Assert.Equal("down\n", await AskAsync(agent.Port));
    }
}
