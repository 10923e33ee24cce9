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
        _host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore(), configure: o => { o.MaxRequestBodyBytes = 64 * 1024; o.MaxNotificationConnections = 2; });

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
