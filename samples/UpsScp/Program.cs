using System.Net;
using Declarative.Dicom;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Microsoft.Extensions.Logging;
using UpsScpSample;

// A Unified Procedure Step SCP: `--listen AET@host:port` (default UPS@127.0.0.1:11115), workitems and subscriptions kept in
// `--store FILE` (SQLite, default ups.db in the working directory), event reports sent to each `--subscriber AET@host:port`
// that subscribes. With `--http host:port` it also speaks UPS-RS (PS3.18 11) at http://host:port/dicomweb — the same
// workitems, rules and events, the notification connections on the same port — over TLS with `--cert FILE.pfx`, and behind
// a bearer token with `--token TOKEN`. Prints each workitem's changes and each report delivered; Ctrl+C stops (subscribers
// hear GOING DOWN).
var listen = new RemoteApplicationEntity("UPS", "127.0.0.1", 11115);
var storePath = "ups.db";
var subscribers = new RemoteApplicationEntityTable();
IPEndPoint? http = null;
string? certificate = null;
string? token = null;
for (var i = 0; i < args.Length; i++)
{
    try
    {
        switch (args[i])
        {
            case "--listen" when i + 1 < args.Length:
                listen = RemoteApplicationEntity.Parse(args[++i]);
                continue;
            case "--store" when i + 1 < args.Length:
                storePath = args[++i];
                continue;
            case "--subscriber" when i + 1 < args.Length:
                subscribers.Add(RemoteApplicationEntity.Parse(args[++i]));
                continue;
            case "--http" when i + 1 < args.Length:
                http = IPEndPoint.Parse(args[++i]);
                continue;
            case "--cert" when i + 1 < args.Length:
                certificate = args[++i];
                continue;
            case "--token" when i + 1 < args.Length:
                token = args[++i];
                continue;
        }
    }
    catch (FormatException ex)
    {
        Console.Error.WriteLine(ex.Message);
    }

    Console.Error.WriteLine("Usage: UpsScp [--listen AET@host:port] [--store FILE] [--subscriber AET@host:port]... [--http host:port [--cert FILE.pfx] [--token TOKEN]]");
    return 64;
}

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var store = new SqliteInstanceStore(storePath);
await using var outbox = new ReportOutbox(store.Outbox, subscribers, new ReportOutboxOptions { AETitle = listen.AETitle }, loggers.CreateLogger<ReportOutbox>());
var ups = new UnifiedProcedureStepWorkflow(store, outbox, loggers.CreateLogger<UnifiedProcedureStepWorkflow>());
ups.Changed += workitem => Console.WriteLine($"UPS {workitem.SopInstanceUid}: {workitem.State} (version {workitem.Version})");
outbox.Delivered += report => Console.WriteLine($"report {report.EventTypeId} for {report.SopInstanceUid} delivered to {report.DestinationAETitle}");
outbox.Start();

var workitems = new Workitems(ups);
await using var server = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, workitems, loggers).Start();
// Final workitems are kept a day for watchers to read, longer while a deletion lock holds them (PS3.4 CC.2.1.3).
var purged = await ups.PurgeFinalAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(1));
var kept = 0;
await foreach (var _ in ups.WorkitemsAsync())
{
    kept++;
}

await using var web = http is null ? null : await UpsRs.StartAsync(http, certificate, token, ups, outbox, workitems);
await ups.AnnounceStatusAsync(goingDown: false); // subscribers kept from a previous run hear RESTARTED
Console.WriteLine($"UPS SCP {listen.AETitle} listening on {listen.Host}:{server.Port}, workitems in {store.Path} ({kept} kept, {purged} final ones forgotten); Ctrl+C stops.");
if (web is not null)
{
    Console.WriteLine($"UPS-RS at {web.BaseUri}");
}

await Declarative.Dicom.Hosting.StopSignal.WaitAsync(); // SIGTERM or Ctrl+C
await ups.AnnounceStatusAsync(goingDown: true);
await Task.Delay(TimeSpan.FromSeconds(1)); // a moment for the outbox to deliver it; what it cannot is sent after the restart
return 0;
