using System.Security.Cryptography.X509Certificates;
using Declarative.Dicom.AspNetCore;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Declarative.Dicom.TestSupport;
using Declarative.Dicom.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// One UPS SCP as an application would host it: the workflow over a store, its outbox delivering to the DIMSE subscribers
/// of <paramref name="subscribers"/>, served over DIMSE by a <see cref="DicomServer"/> and over UPS-RS by Kestrel, both on
/// 127.0.0.1 ports of their own.
/// </summary>
internal sealed class UpsRsTestHost : IAsyncDisposable
{
    private UpsRsTestHost(IInstanceStore store, ReportOutbox outbox, UnifiedProcedureStepWorkflow ups, DicomServer dimse, WebApplication web, Uri baseUri)
    {
        Store = store;
        Outbox = outbox;
        Ups = ups;
        Dimse = dimse;
        Web = web;
        BaseUri = baseUri;
    }

    public IInstanceStore Store { get; }

    public ReportOutbox Outbox { get; }

    public UnifiedProcedureStepWorkflow Ups { get; }

    public DicomServer Dimse { get; }

    public WebApplication Web { get; }

    /// <summary>The service's base: http://127.0.0.1:port/dicomweb/.</summary>
    public Uri BaseUri { get; }

    public RemoteApplicationEntity DimseAddress => new("UPS", "127.0.0.1", Dimse.Port);

    public UpsRsNotifications Notifications => Web.Services.GetRequiredService<UpsRsNotifications>();

    public UpsRsClient Client(Func<CancellationToken, ValueTask<string?>>? accessToken = null) => new(BaseUri, accessToken: accessToken);

    public static async Task<UpsRsTestHost> StartAsync(IInstanceStore store, RemoteApplicationEntityTable? subscribers = null, Action<UpsRsOptions>? configure = null,
        Action<WebApplicationBuilder>? services = null, Action<WebApplication>? middleware = null, X509Certificate2? certificate = null,
        Func<UnifiedProcedureStepWorkflow, IDicomServiceHandler>? handler = null)
    {
        var outbox = new ReportOutbox(store.Outbox, subscribers ?? new RemoteApplicationEntityTable(),
            new ReportOutboxOptions { AETitle = "UPS", FirstRetryDelay = TimeSpan.FromMilliseconds(200), PollInterval = TimeSpan.FromMilliseconds(200) }).Start();
        var ups = new UnifiedProcedureStepWorkflow(store, outbox);
        // The application's handler, when it has one, serves both: the DIMSE listener and the UPS-RS transactions.
        var served = handler?.Invoke(ups) ?? ups;
        var dimse = new DicomServer(new DicomServerOptions { AETitle = "UPS", Port = 0 }, served).Start();

        var (web, baseUri) = await LoopbackUpsRs.StartAsync(ups, outbox, options =>
        {
            options.Handler = served;
            configure?.Invoke(options);
        }, services, middleware, certificate);
        return new UpsRsTestHost(store, outbox, ups, dimse, web, baseUri);
    }

    public async ValueTask DisposeAsync()
    {
        await Web.StopAsync();
        await Web.DisposeAsync();
        await Dimse.DisposeAsync();
        await Outbox.DisposeAsync();
    }
}
