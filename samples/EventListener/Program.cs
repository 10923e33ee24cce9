using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using EventListenerSample;

// Prints MPPS and UPS events as they come. `--listen AET@host:port` (default EVENTS@127.0.0.1:11113);
// `--demo` sends one of each to itself and exits.
var listen = new RemoteApplicationEntity("EVENTS", "127.0.0.1", 11113);
var demo = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--listen" when i + 1 < args.Length:
            listen = RemoteApplicationEntity.Parse(args[++i]);
            break;
        case "--demo":
            demo = true;
            listen = listen with { Port = 0 };
            break;
        default:
            Console.Error.WriteLine("usage: EventListener [--listen AET@host:port] [--demo]");
            return 64;
    }
}

await using var server = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, new WorkflowEvents()).Start();
if (!demo)
{
    Console.WriteLine($"Listening for MPPS and UPS events as {listen.AETitle}@{listen.Host}:{server.Port}; Ctrl+C stops.");
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    await stop.Task;
    return 0;
}

await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity(listen.AETitle, "127.0.0.1", server.Port),
    [new PresentationContextRequest(SopClass.ModalityPerformedProcedureStepNotification) { ScuRole = false, ScpRole = true },
     new PresentationContextRequest(SopClass.UnifiedProcedureStepEvent) { ScuRole = false, ScpRole = true }],
    new DicomClientOptions { AETitle = "RIS" }))
{
    await association.SendAsync(new NEventReportRequest(SopClass.ModalityPerformedProcedureStepNotification, DicomUid.Generate(), 2));
    await association.SendAsync(new NEventReportRequest(SopClass.UnifiedProcedureStepEvent, DicomUid.Generate(), 1,
        new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.InputReadinessState, "READY")));
    await association.ReleaseAsync();
}

await server.StopAsync(drain: TimeSpan.FromSeconds(5));
return 0;
