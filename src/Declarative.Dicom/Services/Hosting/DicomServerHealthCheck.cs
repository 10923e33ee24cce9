using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Declarative.Dicom.Hosting;

/// <summary>
/// The hosted DICOM server's health: Unhealthy when it is not listening, Degraded while it drains or when it
/// nears its association limit or its budget for data in flight (90 %), Healthy otherwise; the figures go in the data.
/// </summary>
internal sealed class DicomServerHealthCheck(DicomServerHostedService hosted) : IHealthCheck
{
    private const double NearlyFull = 0.9;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (hosted.StartedServer is not { IsListening: true } server)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the DICOM server is not listening"));
        }

        var data = new Dictionary<string, object>
        {
            ["port"] = server.Port,
            ["associations"] = server.ActiveAssociations,
            ["max_associations"] = server.MaxAssociations,
            ["bytes_in_flight"] = server.Budget.InFlight,
            ["max_bytes_in_flight"] = server.Budget.Limit,
        };
        var result = server.IsDraining ? HealthCheckResult.Degraded("the DICOM server is draining: new associations are turned away", data: data)
            : server.ActiveAssociations >= NearlyFull * server.MaxAssociations ? HealthCheckResult.Degraded("the DICOM server is near its association limit", data: data)
            : server.Budget.InFlight >= NearlyFull * server.Budget.Limit ? HealthCheckResult.Degraded("the DICOM server is near its budget for data in flight", data: data)
            : HealthCheckResult.Healthy($"the DICOM server listens on port {server.Port}", data);
        return Task.FromResult(result);
    }
}

/// <summary><c>services.AddHealthChecks().AddDicomServer()</c>: the hosted DICOM server's health check.</summary>
public static class DicomHealthCheckExtensions
{
    public static IHealthChecksBuilder AddDicomServer(this IHealthChecksBuilder builder, string name = "dicom-server", IEnumerable<string>? tags = null) =>
        builder.AddCheck<DicomServerHealthCheck>(name, tags: tags);
}
