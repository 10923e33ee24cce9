using System.Net;
using System.Security.Cryptography.X509Certificates;
using Declarative.Dicom.AspNetCore;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.TestSupport;

/// <summary>A UPS-RS origin server as an application hosts one, on Kestrel on a free 127.0.0.1 port, quiet: for tests and profiles.</summary>
internal static class LoopbackUpsRs
{
    /// <summary>Started; its base URI is http(s)://127.0.0.1:port/dicomweb/.</summary>
    public static async Task<(WebApplication App, Uri BaseUri)> StartAsync(UnifiedProcedureStepWorkflow ups, ReportOutbox outbox, Action<UpsRsOptions>? configure = null,
        Action<WebApplicationBuilder>? services = null, Action<WebApplication>? middleware = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddSingleton(ups).AddSingleton(outbox).AddUpsRs(configure);
        services?.Invoke(builder);
        var app = builder.Build();
        app.UseWebSockets();
        middleware?.Invoke(app);
        app.MapUpsRs("/dicomweb");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address + "/dicomweb/"));
    }
}
