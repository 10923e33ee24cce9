using Microsoft.Extensions.DependencyInjection;

namespace Declarative.Dicom.AspNetCore;

/// <summary>Registers the UPS-RS origin server's services.</summary>
public static class UpsRsServiceCollectionExtensions
{
    /// <summary>
    /// The notification connections and the options of <see cref="UpsRsEndpointRouteBuilderExtensions.MapUpsRs"/>. The
    /// application registers the <see cref="State.UnifiedProcedureStepWorkflow"/> and its started
    /// <see cref="Outbox.ReportOutbox"/> — the same ones its DIMSE UPS SCP serves —, and <c>AddWebSockets</c> is not needed.
    /// </summary>
    public static IServiceCollection AddUpsRs(this IServiceCollection services, Action<UpsRsOptions>? configure = null)
    {
        services.AddOptions<UpsRsOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddSingleton<UpsRsNotifications>();
        services.AddSingleton<UpsRsDispatch>();
        return services;
    }
}
