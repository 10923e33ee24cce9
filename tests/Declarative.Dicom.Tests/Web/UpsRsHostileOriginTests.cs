using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Declarative.Dicom.Data;
using Declarative.Dicom.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// The watcher against an origin server that misbehaves (a stand-in on Kestrel, not ours): a message that is no event
/// report is skipped and the next one dispatched; a message over the limit closes the connection (1009) and the watcher
/// connects again; a refused subscription fails the start with what the server said.
/// </summary>
public sealed class UpsRsHostileOriginTests
{
    private static async Task<(WebApplication App, Uri BaseUri)> StartAsync(Func<WebSocket, int, Task> serve, int subscribeStatus = 201)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        var connections = 0;
        app.MapPost("/dicomweb/workitems/{target}/subscribers/{ae}", () => Results.StatusCode(subscribeStatus));
        app.MapGet("/dicomweb/workitems", () => Results.NoContent());
        app.MapGet("/dicomweb/subscribers/{ae}", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await serve(socket, Interlocked.Increment(ref connections));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address + "/dicomweb/"));
    }

    private static byte[] Event(string state) =>
        Encoding.UTF8.GetBytes(UpsEventFrame.Write(new NEventReportRequest(SopClass.UnifiedProcedureStepPush, "1.2.826.0.11.1", 1,
            new DicomDataset().Set(DicomTag.ProcedureStepState, state).Set(DicomTag.InputReadinessState, "READY")), 1));

    private static async Task HoldAsync(WebSocket socket)
    {
        var buffer = new byte[1024];
        while (socket.State == WebSocketState.Open && (await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    [Fact]
    public async Task ABadMessage_IsSkipped_AnOversizedOne_ClosesTheConnection_AndTheWatcherComesBack()
    {
        var (app, baseUri) = await StartAsync(async (socket, connection) =>
        {
            if (connection == 1)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes("{\"00000002\": not json"), WebSocketMessageType.Text, true, CancellationToken.None);
                await socket.SendAsync(Encoding.UTF8.GetBytes("[{\"00741000\":{\"vr\":\"CS\",\"Value\":[\"IN PROGRESS\"]}}]"), WebSocketMessageType.Text, true, CancellationToken.None);
                await socket.SendAsync(Event("SCHEDULED"), WebSocketMessageType.Text, true, CancellationToken.None);
                // Two mebibytes in pieces: the watcher stops reading it at its limit.
                var piece = new byte[64 * 1024];
                for (var i = 0; i < 32 && socket.State == WebSocketState.Open; i++)
                {
                    await socket.SendAsync(piece, WebSocketMessageType.Text, endOfMessage: i == 31, CancellationToken.None);
                }
            }
            else
            {
                await socket.SendAsync(Event("IN PROGRESS"), WebSocketMessageType.Text, true, CancellationToken.None);
            }

            await HoldAsync(socket);
        });
        await using var _ = app;
        using var client = new UpsRsClient(baseUri);
        var heard = new HeardUpsEvents();
        var drops = new ConcurrentQueue<string>();
        await using var watcher = new UpsRsWatcher(client, "WATCHER", heard, new UpsRsWatcherOptions { MaxMessageBytes = 1024 * 1024 }).WatchWorklist();
        watcher.Disconnected += drops.Enqueue;
        await watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(() => heard.Heard.Count == 2, "the good event of each connection");
        Assert.Equal(["1.2.826.0.11.1 state SCHEDULED input READY", "1.2.826.0.11.1 state IN PROGRESS input READY"], heard.Heard);
        Assert.Equal(["a message over 1048576 bytes"], drops);
    }

    [Fact]
    public async Task ARefusedSubscription_FailsTheStart_WithTheStatus()
    {
        var (app, baseUri) = await StartAsync((socket, _) => HoldAsync(socket), subscribeStatus: 403);
        await using var _ = app;
        using var client = new UpsRsClient(baseUri);
        await using var watcher = new UpsRsWatcher(client, "WATCHER", new HeardUpsEvents()).Watch("1.2.826.0.11.2");

        var refused = await Assert.ThrowsAsync<UpsRsRefusedException>(() => watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("Subscribe to 1.2.826.0.11.2 answered 403", refused.Message);
    }
}
