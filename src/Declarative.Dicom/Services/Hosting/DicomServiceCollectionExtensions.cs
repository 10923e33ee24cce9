using Declarative.Dicom.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Declarative.Dicom.Hosting;

/// <summary>
/// <c>services.AddDicomServer(o => { o.AETitle = "MODALITY"; o.Port = 11112; }).AddEventReportHandlers&lt;CommitmentListener&gt;()</c>:
/// a DICOM listener as a hosted service, its handlers resolved from a DI scope per association, its
/// options bindable from configuration (<c>services.Configure&lt;DicomServerOptions&gt;(section)</c>).
/// </summary>
public static class DicomServiceCollectionExtensions
{
    public static DicomServerBuilder AddDicomServer(this IServiceCollection services, Action<DicomServerOptions>? configure = null)
    {
        services.AddOptions<DicomServerOptions>();
        services.AddOptions<DicomHostingOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        // One registry per service collection, whichever AddDicomServer call comes first.
        var registry = services.Select(d => d.ImplementationInstance).OfType<DicomHandlerRegistry>().FirstOrDefault();
        if (registry is null)
        {
            registry = new DicomHandlerRegistry();
            services.AddSingleton(registry);
            services.AddSingleton<DicomServerHostedService>();
            services.AddHostedService(sp => sp.GetRequiredService<DicomServerHostedService>());
        }

        return new DicomServerBuilder(services, registry);
    }
}

/// <summary>Adds handler classes to the server that <see cref="DicomServiceCollectionExtensions.AddDicomServer"/> registered.</summary>
public sealed class DicomServerBuilder
{
    private readonly DicomHandlerRegistry _registry;

    internal DicomServerBuilder(IServiceCollection services, DicomHandlerRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    public IServiceCollection Services { get; }

    /// <summary>A class with [EventReport] methods (or any IDicomServiceHandler), resolved per association.</summary>
    public DicomServerBuilder AddEventReportHandlers<THandler>() where THandler : class, IDicomServiceHandler => AddHandler<THandler>();

    public DicomServerBuilder AddHandler<THandler>() where THandler : class, IDicomServiceHandler
    {
        Services.TryAddScoped<THandler>();
        if (!_registry.HandlerTypes.Contains(typeof(THandler)))
        {
            _registry.HandlerTypes.Add(typeof(THandler));
        }

        return this;
    }
}
