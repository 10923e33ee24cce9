using Declarative.Dicom.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Declarative.Dicom.Tests.Services;

/// <summary>The hosted server's health check: Healthy while it listens, with its figures; Unhealthy once stopped.</summary>
public class HealthCheckTests
{
    [Fact]
    public async Task HealthyWhileListening_UnhealthyAfterTheHostStops()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton(new HostingProbe());
                services.AddDicomServer(o =>
                {
                    o.AETitle = "HEALTHY";
                    o.Port = 0;
                }).AddEventReportHandlers<ScopedListener>();
                services.AddHealthChecks().AddDicomServer();
            })
            .Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        await host.StartAsync();
        var running = await health.CheckHealthAsync();
        await host.StopAsync();
        var stopped = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        var entry = running.Entries["dicom-server"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(0, entry.Data["associations"]);
        Assert.Equal(64, entry.Data["max_associations"]);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
    }
}
