using System.Collections.Concurrent;
using Declarative.Dicom.Data;
using Declarative.Dicom.Hosting;
using Declarative.Dicom.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Declarative.Dicom.Tests.Services;

/// <summary>A handler class that tells which instance served it and notices being disposed with its scope.</summary>
public sealed partial class ScopedListener : IDisposable
{
    private readonly HostingProbe _probe;

    public ScopedListener(HostingProbe probe) => _probe = probe;

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report)
    {
        _probe.Served.Add((RuntimeHelpersId(), report.TransactionUID));
        return DimseStatus.Success;
    }

    public void Dispose() => _probe.Disposed.Add(RuntimeHelpersId());

    private int RuntimeHelpersId() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

public sealed class HostingProbe
{
    public ConcurrentBag<(int Instance, string Transaction)> Served { get; } = [];

    public ConcurrentBag<int> Disposed { get; } = [];
}

public class HostingTests
{
    [Fact]
    public async Task AddDicomServer_ServesGeneratedHandlers_FromAScopePerAssociation()
    {
        var probe = new HostingProbe();
        using var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services
                .AddSingleton(probe)
                .AddDicomServer(o =>
                {
                    o.AETitle = "HOSTED";
                    o.Port = 0;
                })
                .AddEventReportHandlers<ScopedListener>())
            .Build();
        await host.StartAsync();
        var port = host.Services.GetRequiredService<DicomServerHostedService>().Server.Port;

        foreach (var transaction in new[] { "1.2.1", "1.2.2" })
        {
            await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("HOSTED", "127.0.0.1", port),
                [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true }]);
            var information = new DicomDataset().Set(DicomTag.TransactionUID, transaction)
                .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, "1.2").Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3"));
            var response = await association.SendAsync(new NEventReportRequest(SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", 1, information));
            Assert.Equal(DimseStatus.Success, response.Status);
            await association.ReleaseAsync();
        }

        await host.StopAsync();

        var served = probe.Served.OrderBy(s => s.Transaction).ToList();
        Assert.Equal(["1.2.1", "1.2.2"], served.Select(s => s.Transaction));
        Assert.NotEqual(served[0].Instance, served[1].Instance);
        Assert.Contains(served[0].Instance, probe.Disposed);
        Assert.Contains(served[1].Instance, probe.Disposed);
    }

    [Fact]
    public void MergedContexts_CombineRolesAndAliases()
    {
        var merged = CompositeServiceHandler.Merge(
        [
            new PresentationContextPolicy("1.2.3") { RequestorMayBeScp = true, RequestorMayBeScu = false },
            new PresentationContextPolicy("1.2.3") { AlsoServes = ["1.2.4"] },
        ]);

        var policy = Assert.Single(merged);
        Assert.True(policy.RequestorMayBeScp && policy.RequestorMayBeScu);
        Assert.Equal(["1.2.4"], policy.AlsoServes);
    }
}
