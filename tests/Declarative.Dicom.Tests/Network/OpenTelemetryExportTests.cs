using System.Diagnostics;
using Declarative.Dicom.Network;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// The meter and the activity source through the OpenTelemetry SDK as an application wires them
/// (AddMeter/AddSource by the package's names), read back from the SDK's in-memory exporter.
/// </summary>
public sealed class OpenTelemetryExportTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string StorageCommitment = "1.2.840.10008.1.20.1";

    [Fact]
    public async Task RequestsAndAssociations_AreExportedWithTheirNamesUnitsAndTags_AndEachRequestAsAServerSpan()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(DicomMetrics.MeterName).AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(DicomActivities.SourceName).AddInMemoryExporter(spans).Build();
        var handler = new TestHandler([new PresentationContextPolicy(Verification), new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }],
            request => new DimseResponse(request is NEventReportRequest ? DimseStatus.NoSuchEventType : DimseStatus.Success));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "EXPORTED", Port = 0 }, handler).Start();
        await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("EXPORTED", "127.0.0.1", server.Port),
            [new PresentationContextRequest(Verification), new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }],
            new DicomClientOptions { AETitle = "OTELTEST" }))
        {
            await association.SendAsync(new CEchoRequest());
            await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 7));
            await association.ReleaseAsync();
        }

        await server.StopAsync();
        meterProvider.ForceFlush();
        tracerProvider.ForceFlush();

        var requests = Assert.Single(metrics, m => m.Name == "dicom.requests");
        Assert.Equal("{request}", requests.Unit);
        Assert.Equal(MetricType.LongSum, requests.MetricType);
        var counted = Points(requests).Select(p => (Tag(p, "dicom.message"), Tag(p, "dicom.status.category"), p.GetSumLong())).ToList();
        // Other tests in this assembly use the same meter at the same time: at least ours are there.
        Assert.Contains(counted, c => c.Item1 == "C-ECHO" && c.Item2 == "success" && c.Item3 >= 1);
        Assert.Contains(counted, c => c.Item1 == "N-EVENT-REPORT" && c.Item2 == "failure" && c.Item3 >= 1);
        var duration = Assert.Single(metrics, m => m.Name == "dicom.handler.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(MetricType.Histogram, duration.MetricType);
        Assert.Contains(Points(duration), p => Tag(p, "dicom.message") == "N-EVENT-REPORT" && p.GetHistogramCount() >= 1);
        Assert.Equal("By", Assert.Single(metrics, m => m.Name == "dicom.io").Unit);
        Assert.Contains(metrics, m => m.Name == "dicom.associations.active" && m.MetricType == MetricType.LongSumNonMonotonic);

        var report = Assert.Single(spans, s => (string?)s.GetTagItem("dicom.calling_ae") == "OTELTEST" && s.DisplayName == "N-EVENT-REPORT");
        Assert.Equal(ActivityKind.Server, report.Kind);
        Assert.Equal(ActivityStatusCode.Error, report.Status);
        Assert.Equal((ushort)0x0113, report.GetTagItem("dicom.status"));
        Assert.Equal(StorageCommitment, report.GetTagItem("dicom.sop_class"));
        Assert.Single(spans, s => (string?)s.GetTagItem("dicom.calling_ae") == "OTELTEST" && s.DisplayName == "C-ECHO" && s.Status == ActivityStatusCode.Ok);
    }

    private static List<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
