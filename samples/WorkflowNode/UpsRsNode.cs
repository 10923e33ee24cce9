using System.Net;
using Declarative.Dicom.AspNetCore;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WorkflowNodeSample;

/// <summary>The node's UPS-RS origin server (Declarative.Dicom.AspNetCore) on Kestrel, over the node's own handler, workflow and outbox.</summary>
internal static class UpsRsNode
{
    public static async Task<WebApplication> StartAsync(IPEndPoint endpoint, UnifiedProcedureStepWorkflow ups, ReportOutbox outbox, IDicomServiceHandler handler,
        string aeTitle, LogLevel level)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(level);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(endpoint));
        builder.Services.AddSingleton(ups).AddSingleton(outbox).AddUpsRs(options =>
        {
            options.Handler = handler;
            options.AETitle = aeTitle;
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.MapUpsRs("/dicomweb");
        await app.StartAsync();
        return app;
    }
}
