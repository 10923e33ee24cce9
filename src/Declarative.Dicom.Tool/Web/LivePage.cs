using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Tool.Web;

/// <summary>
/// The live page of `listen --web`: one HTML file (embedded, no build step, nothing from a CDN) and a
/// server-sent-event stream of the <see cref="LiveFeed"/>, on Kestrel, on loopback unless told otherwise.
/// </summary>
internal sealed class LivePage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LivePage(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<LivePage> StartAsync(LiveFeed feed, string host, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(host), port));
        var app = builder.Build();
        var html = ReadPage();
        app.MapGet("/", () => Results.Text(html, "text/html; charset=utf-8"));
        app.MapGet("/events", (HttpContext context) => StreamAsync(context, feed));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LivePage(app) { Address = new Uri(address.EndsWith('/') ? address : address + "/") };
    }

    /// <summary>Server-sent events (text/event-stream): one "data:" line per JSON event, flushed as it is written.</summary>
    private static async Task StreamAsync(HttpContext context, LiveFeed feed)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        using var subscription = feed.Subscribe();
        var aborted = context.RequestAborted;
        await context.Response.WriteAsync(": connected\n\n", aborted);
        await context.Response.Body.FlushAsync(aborted);
        try
        {
            await foreach (var json in subscription.Events.ReadAllAsync(aborted))
            {
                await context.Response.WriteAsync($"data: {json}\n\n", aborted);
                await context.Response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException)
        {
            // the page was closed
        }
    }

    private static string ReadPage()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("live.html")
            ?? throw new InvalidOperationException("live.html is not embedded in the tool");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        // Open pages hold their event streams; they are cut after a short grace rather than waited for.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
