using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using ObservabilitySample;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// The package's telemetry through OpenTelemetry: the "Declarative.Dicom" meter (associations, requests by message and
// status, handler duration, bytes, budget refusals) and activity source (a server span per request). Exports to the
// console, or with --otlp http://collector:4317 to an OpenTelemetry collector. Serves a few requests to itself, then
// flushes and exits 0.
var otlp = args is ["--otlp", var endpoint] ? new Uri(endpoint) : null;
if (args.Length > 0 && otlp is null)
{
    Console.Error.WriteLine("usage: Observability [--otlp http://collector:4317]");
    return 64;
}

var metrics = Sdk.CreateMeterProviderBuilder().AddMeter(DicomMetrics.MeterName);
var traces = Sdk.CreateTracerProviderBuilder().AddSource(DicomActivities.SourceName);
if (otlp is null)
{
    metrics.AddConsoleExporter();
    traces.AddConsoleExporter();
}
else
{
    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
    traces.AddOtlpExporter(o => o.Endpoint = otlp);
}

using var meterProvider = metrics.Build();
using var tracerProvider = traces.Build();

await using (var server = new DicomServer(new DicomServerOptions { AETitle = "MONITORED", Port = 0 }, new MonitoredListener()).Start())
{
    await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("MONITORED", "127.0.0.1", server.Port),
        [new PresentationContextRequest(CEchoRequest.VerificationSopClassUid),
         new PresentationContextRequest(SopClass.ModalityPerformedProcedureStepNotification) { ScuRole = false, ScpRole = true }],
        new DicomClientOptions { AETitle = "MODALITY" });
    await association.SendAsync(new CEchoRequest());
    var step = DicomUid.Generate();
    await association.SendAsync(new NEventReportRequest(SopClass.ModalityPerformedProcedureStepNotification, step, 1));
    var completed = await association.SendAsync(new NEventReportRequest(SopClass.ModalityPerformedProcedureStepNotification, step, 2));
    Console.WriteLine($"Served C-ECHO and two N-EVENT-REPORTs; the second was answered {completed.Status}.");
    await association.ReleaseAsync();
    await server.StopAsync(drain: TimeSpan.FromSeconds(5));
}

// Metrics are exported on flush (the console exporter prints them here); spans as each one ends.
meterProvider.ForceFlush();
tracerProvider.ForceFlush();
return 0;
