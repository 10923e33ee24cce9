using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Declarative.Dicom.AspNetCore;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UpsScpSample;

/// <summary>
/// The same UPS SCP over DICOMweb (UPS-RS): the handler, workflow and outbox the DIMSE listener uses, mapped at /dicomweb by
/// Declarative.Dicom.AspNetCore, with TLS and a bearer token when asked for.
/// </summary>
internal sealed class UpsRs(WebApplication app, Uri baseUri) : IAsyncDisposable
{
    public Uri BaseUri { get; } = baseUri;

    public static async Task<UpsRs> StartAsync(IPEndPoint endpoint, string? certificate, string? token, UnifiedProcedureStepWorkflow ups, ReportOutbox outbox,
        IDicomServiceHandler handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(endpoint, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(X509CertificateLoader.LoadPkcs12FromFile(certificate, null));
            }
        }));
        builder.Services.AddSingleton(ups).AddSingleton(outbox).AddUpsRs(options =>
        {
            options.AuthorizationPolicy = token is null ? null : "worklist";
            options.Handler = handler; // the same handler class the DIMSE listener serves: the same answers
        });
        if (token is not null)
        {
            // The application's own check: here one shared token; a hospital's would ask its identity provider.
            builder.Services.AddAuthentication(DicomWebBearerTokenHandler.SchemeName).AddDicomWebBearerTokens((presented, _) =>
                new(presented == token ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "worklist-user")], DicomWebBearerTokenHandler.SchemeName)) : null));
            builder.Services.AddAuthorization(o => o.AddPolicy("worklist", policy => policy.RequireAuthenticatedUser()));
        }

        var app = builder.Build();
        app.UseWebSockets();
        if (token is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        app.MapUpsRs("/dicomweb");
        await app.StartAsync();
        return new UpsRs(app, new Uri($"{(certificate is null ? "http" : "https")}://{endpoint}/dicomweb/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
