using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Declarative.Dicom.Data;
using Declarative.Dicom.State;
using static Declarative.Dicom.Tests.Web.UpsRsWorkitems;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// What a hostile or broken user agent gets from the UPS-RS origin server: oversized, malformed and mistyped bodies refused
/// with the status that says so before they cost more than the limit, a notification connection that floods closed with
/// 1008, connections over the limit refused with 503 — and the worklist and its reports untouched by any of it.
/// </summary>
public sealed class UpsRsHostileInputTests : IAsyncLifetime
{
    private UpsRsTestHost _host = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() =>
        _host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore(), configure: o =>
        {
            o.MaxRequestBodyBytes = 64 * 1024;
            o.MaxNotificationConnections = 2;
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(250);
            o.KeepAliveTimeout = TimeSpan.FromMilliseconds(500);
        });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string path, HttpContent content) => _http.PostAsync(new Uri(_host.BaseUri, path), content);

    private static ByteArrayContent Json(string json, string mediaType = "application/dicom+json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    [Fact]
    public async Task Bodies_ThatAreTooLargeMalformedOrMistyped_AreRefused_WithTheirStatus_AndCreateNothing()
    {
        var workitem = $"[{Declarative.Dicom.Data.Json.DicomJsonWriter.Write(Scheduled("CT head"))}]";
        var deep = string.Concat(Enumerable.Repeat("{\"0040A730\":{\"vr\":\"SQ\",\"Value\":[", 200)) + "{}" + string.Concat(Enumerable.Repeat("]}}", 200));
        var padded = workitem.Insert(1, "{\"00741238\":{\"vr\":\"LT\",\"Value\":[\"" + new string('x', 100_000) + "\"]}},"); // two datasets, over the limit
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/dicom+json");

        var statuses = new List<int>
        {
            (int)(await PostAsync("workitems?1.2.826.0.5.1", Json(padded))).StatusCode,
            (int)(await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(_host.BaseUri, "workitems?1.2.826.0.5.2")) { Content = chunked, Headers = { TransferEncodingChunked = true } })).StatusCode,
            (int)(await PostAsync("workitems?1.2.826.0.5.3", Json("[{\"00741000\":{\"vr\":\"CS\",\"Value\":[\"SCHEDULED\"]"))).StatusCode,
            (int)(await PostAsync("workitems?1.2.826.0.5.4", Json(deep))).StatusCode,
            (int)(await PostAsync("workitems?1.2.826.0.5.5", Json("[{\"00741000\":{\"vr\":\"ZZ\"}}]"))).StatusCode,
            (int)(await PostAsync("workitems?1.2.826.0.5.6", Json(workitem, "application/xml"))).StatusCode,
            (int)(await PostAsync("workitems?1.2.826.0.5.7", Json("[" + workitem + "," + workitem + "]"))).StatusCode,
            (int)(await PostAsync("workitems?not-a-uid", Json(workitem))).StatusCode,
            (int)(await PostAsync($"workitems/{WellKnownSopInstance.UPSGlobalSubscription}/subscribers/{new string('A', 17)}", Json(""))).StatusCode,
        };

        Assert.Equal([413, 413, 400, 400, 400, 415, 400, 400, 400], statuses);
        Assert.Equal(204, (await _host.Client().SearchAsync([])).Status); // nothing was created
        var refused = await PostAsync("workitems?1.2.826.0.5.3", Json("[{\"00741000\":"));
        Assert.StartsWith("299 declarative-dicom: The payload is not one DICOM JSON dataset:", refused.Headers.GetValues("Warning").Single());
    }

    [Fact]
    public async Task ANotificationConnectionThatSendsMessages_IsClosedWith1008_AndItsReportsWaitForTheNextConnection()
    {
        using var client = _host.Client();
        await client.CreateAsync(Scheduled("CT head"), "1.2.826.0.6.1");
        Assert.Equal(201, (await client.SubscribeAsync("1.2.826.0.6.1", "FLOODER")).Status);

        using var flood = new ClientWebSocket();
        await flood.ConnectAsync(client.NotificationUri("FLOODER"), CancellationToken.None);
        var noise = Encoding.UTF8.GetBytes(new string('x', 900));
        var receiving = DrainAsync(flood);
        try
        {
            for (var i = 0; i < 10_000 && flood.State == WebSocketState.Open && !receiving.IsCompleted; i++)
            {
                await flood.SendAsync(noise, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The server closed it while we were sending.
        }

        var (closeStatus, messages) = await receiving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closeStatus);

        // The server is still there; what the subscription queued meanwhile waits for a connection that behaves.
        Assert.Equal(200, (await client.ChangeStateAsync("1.2.826.0.6.1", "IN PROGRESS", DicomUid.Generate())).Status);
        using var polite = new ClientWebSocket();
        await polite.ConnectAsync(client.NotificationUri("FLOODER"), CancellationToken.None);
        var buffer = new byte[8192];
        var states = new List<string>();
        while (states.Count < 2 - messages.Count)
        {
            var received = await polite.ReceiveAsync(buffer, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            var (report, _) = Dicom.Web.UpsEventFrame.Read(buffer.AsSpan(0, received.Count));
            states.Add(report.EventInformation!.GetString(DicomTag.ProcedureStepState));
        }

        Assert.Equal(["SCHEDULED", "IN PROGRESS"], messages.Concat(states));
    }

    [Fact]
    public async Task NotificationConnections_OverTheLimit_AreRefusedWith503_AndAPlainGetWith426()
    {
        using var client = _host.Client();
        using var first = new ClientWebSocket();
        using var second = new ClientWebSocket();
        using var third = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        await first.ConnectAsync(client.NotificationUri("ONE"), CancellationToken.None);
        await second.ConnectAsync(client.NotificationUri("TWO"), CancellationToken.None);
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(client.NotificationUri("THREE"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.HttpStatusCode);
        Assert.Equal(["ONE", "TWO"], _host.Notifications.Connected.Order());
        Assert.Equal(HttpStatusCode.UpgradeRequired, (await _http.GetAsync(new Uri(_host.BaseUri, "subscribers/ONE"))).StatusCode);
    }

    [Theory]
    [InlineData("reserved opcode", new byte[] { 0x83, 0x80, 1, 2, 3, 4 })]
    [InlineData("unmasked client frame", new byte[] { 0x81, 0x02, 0x41, 0x42 })]
    [InlineData("a length of 2^63 - 1", new byte[] { 0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4 })]
    [InlineData("a fragmented ping", new byte[] { 0x09, 0x80, 1, 2, 3, 4 })]
    public async Task AMalformedFrame_ClosesItsConnection_AndTheServerServesTheNext(string what, byte[] frame)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.BaseUri.Port);
        var stream = tcp.GetStream();
        var upgrade = $"GET {_host.BaseUri.AbsolutePath}subscribers/RAW HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(upgrade));
        var head = await ReadUntilAsync(stream, "\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 101", head);

        await stream.WriteAsync(frame);
        // What comes back until the server drops the connection: pings (the keep-alive), at most a close frame (RFC 6455: 1002,
        // protocol error). A frame that never ends (a length it never sends, a mask key it owes) is cut when its pings go
        // unanswered: mid-frame, the user agent cannot answer them.
        var after = await ReadToEndAsync(stream).WaitAsync(TimeSpan.FromSeconds(10));
        var frames = Frames(after);
        Assert.True(frames.SkipLast(1).All(f => f[0] == 0x89), $"{what}: the server sent {Convert.ToHexString(after)}"); // pings
        if (frames.LastOrDefault() is { } last && last[0] != 0x89)
        {
            Assert.Equal((0x88, 1002), (last[0], (last[2] << 8) | last[3]));
        }

        using var next = new ClientWebSocket();
        await next.ConnectAsync(_host.Client().NotificationUri("NEXT"), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, next.State);
    }

    /// <summary>The unmasked frames a server sent (short lengths only: pings and close frames are).</summary>
    private static List<byte[]> Frames(byte[] bytes)
    {
        var frames = new List<byte[]>();
        for (var at = 0; at + 2 <= bytes.Length;)
        {
            var length = 2 + (bytes[at + 1] & 0x7F);
            frames.Add(bytes[at..Math.Min(bytes.Length, at + length)]);
            at += length;
        }

        return frames;
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string end)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            text.Append((char)one[0]);
        }

        return text.ToString();
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[256];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                kept.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset rather than closed: dropped all the same.
        }

        return kept.ToArray();
    }

    /// <summary>What the server sends until it closes: its close status, and the states of the event reports before it.</summary>
    private static async Task<(WebSocketCloseStatus?, List<string>)> DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[8192];
        var states = new List<string>();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return (socket.CloseStatus, states);
                }

                var (report, _) = Dicom.Web.UpsEventFrame.Read(buffer.AsSpan(0, received.Count));
                states.Add(report.EventInformation!.GetString(DicomTag.ProcedureStepState));
            }
        }
        catch (WebSocketException)
        {
            return (socket.CloseStatus, states);
        }
    }
}
