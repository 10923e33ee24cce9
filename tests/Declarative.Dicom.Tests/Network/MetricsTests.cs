using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>What the Declarative.Dicom meter records for associations and requests, read with a MeterListener as an exporter would.</summary>
public sealed class MetricsTests : IDisposable
{
    private const string Verification = "1.2.840.10008.1.1";
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public MetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DicomMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }

    [Fact]
    public async Task AnEchoAndARejection_AreCountedWithTheirOutcomeRoleMessageAndStatus()
    {
        var handler = new TestHandler([new PresentationContextPolicy(Verification)], _ => new DimseResponse(DimseStatus.Success));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "METERED", Port = 0 }, handler).Start();
        await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("METERED", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)]))
        {
            await association.SendAsync(new CEchoRequest());
            await association.ReleaseAsync();
        }

        await Assert.ThrowsAsync<DicomAssociationRejectedException>(() =>
            DicomClient.ConnectAsync(new RemoteApplicationEntity("SOMEONEELSE", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)]));

        var mine = _measurements.ToList();
        Assert.Contains(mine, m => m.Instrument == "dicom.associations" && Is(m.Tags, "dicom.association.outcome", "accepted") && Is(m.Tags, "dicom.role", "acceptor"));
        Assert.Contains(mine, m => m.Instrument == "dicom.associations" && Is(m.Tags, "dicom.association.outcome", "rejected") && Is(m.Tags, "dicom.role", "acceptor"));
        Assert.Contains(mine, m => m.Instrument == "dicom.requests" && Is(m.Tags, "dicom.message", "C-ECHO") && Is(m.Tags, "dicom.status.category", "success"));
        Assert.Contains(mine, m => m.Instrument == "dicom.handler.duration" && Is(m.Tags, "dicom.message", "C-ECHO") && m.Value >= 0);
    }

    [Fact]
    public async Task EachRequestServed_IsAServerSpanNamedAfterItsMessage_WithItsStatus()
    {
        using var recorded = new RecordedSpans();
        var spans = recorded.Spans;
        var handler = new TestHandler([new PresentationContextPolicy(Verification)], _ => new DimseResponse(DimseStatus.Success));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "TRACED", Port = 0 }, handler).Start();
        await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("TRACED", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)],
            new DicomClientOptions { AETitle = "TRACER" }))
        {
            await association.SendAsync(new CEchoRequest());
            await association.ReleaseAsync();
        }

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("dicom.calling_ae") == "TRACER");
        Assert.Equal("C-ECHO", span.DisplayName);
        Assert.Equal(System.Diagnostics.ActivityKind.Server, span.Kind);
        Assert.Equal((ushort)0, span.GetTagItem("dicom.status"));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Ok, span.Status);
    }

    [Fact]
    public async Task AnAssociation_IsCountedActiveWhileEstablished_AndItsBytesBothWays()
    {
        var handler = new TestHandler([new PresentationContextPolicy(Verification)], _ => new DimseResponse(DimseStatus.Success));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "COUNTED", Port = 0 }, handler).Start();
        await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("COUNTED", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)]))
        {
            await association.SendAsync(new CEchoRequest());
            await association.ReleaseAsync();
        }

        await server.StopAsync();
        var mine = _measurements.ToList();
        Assert.Contains(mine, m => m.Instrument == "dicom.associations.active" && m.Value == 1 && Is(m.Tags, "dicom.role", "acceptor"));
        Assert.Contains(mine, m => m.Instrument == "dicom.associations.active" && m.Value == -1 && Is(m.Tags, "dicom.role", "acceptor"));
        Assert.Contains(mine, m => m.Instrument == "dicom.associations.active" && m.Value == -1 && Is(m.Tags, "dicom.role", "requestor"));
        // An A-ASSOCIATE-RQ is at least 68 bytes; a C-ECHO-RQ in one P-DATA-TF is more than 12.
        Assert.Contains(mine, m => m.Instrument == "dicom.io" && m.Value >= 68 && Is(m.Tags, "network.io.direction", "receive"));
        Assert.Contains(mine, m => m.Instrument == "dicom.io" && m.Value > 12 && Is(m.Tags, "network.io.direction", "transmit"));
    }

    [Fact]
    public async Task AConcurrentHandlerCall_IsCountedWhileItRunsDetached()
    {
        const string StorageCommitment = "1.2.840.10008.1.20.1";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new AsyncTestHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }], async request =>
        {
            request.AllowConcurrency();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "COUNTED", Port = 0 }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("COUNTED", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { MaxOperationsInvoked = 2 });

        var sending = association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1)).AsTask();
        for (var i = 0; i < 100 && !_measurements.Any(m => m.Instrument == "dicom.handler.concurrent" && m.Value == 1); i++)
        {
            await Task.Delay(20);
        }

        Assert.Contains(_measurements, m => m.Instrument == "dicom.handler.concurrent" && m.Value == 1 && Is(m.Tags, "dicom.message", "N-EVENT-REPORT"));
        release.SetResult();
        Assert.Equal(DimseStatus.Success, (await sending).Status);
        await association.ReleaseAsync();
        Assert.Contains(_measurements, m => m.Instrument == "dicom.handler.concurrent" && m.Value == -1 && Is(m.Tags, "dicom.message", "N-EVENT-REPORT"));
    }

    private static bool Is(Dictionary<string, object?> tags, string key, string value) => tags.TryGetValue(key, out var v) && (string?)v == value;

    public void Dispose() => _listener.Dispose();
}
