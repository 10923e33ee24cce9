using Declarative.Dicom;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using UpsPerformerSample;

// A UPS performer and watcher: subscribes to every workitem, creates one, claims it, reports progress, completes it,
// and prints what the watcher hears. Without --scp, against an embedded UPS SCP (the framework's workflow over a SQLite
// file in a temporary folder); with `--scp AET@host:port`, against a real one that sends events to `--listen`.
var listen = new RemoteApplicationEntity("WATCHER", "127.0.0.1", 0);
RemoteApplicationEntity? scp = null;
for (var i = 0; i < args.Length; i++)
{
    try
    {
        switch (args[i])
        {
            case "--scp" when i + 1 < args.Length:
                scp = RemoteApplicationEntity.Parse(args[++i]);
                continue;
            case "--listen" when i + 1 < args.Length:
                listen = RemoteApplicationEntity.Parse(args[++i], allowAnyPort: true);
                continue;
        }
    }
    catch (FormatException ex)
    {
        Console.Error.WriteLine(ex.Message);
    }

    Console.Error.WriteLine("Usage: UpsPerformer [--scp AET@host:port] [--listen AET@host:port]");
    return 64;
}

var watcher = new Watcher(Console.Out);
await using var listening = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, watcher).Start();
var folder = Directory.CreateTempSubdirectory("ups-performer-");
DicomServer? embedded = null;
ReportOutbox? outbox = null;
try
{
    if (scp is null)
    {
        var store = new SqliteInstanceStore(Path.Combine(folder.FullName, "ups.db"));
        var subscribers = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity(listen.AETitle, "127.0.0.1", listening.Port));
        outbox = new ReportOutbox(store.Outbox, subscribers, new ReportOutboxOptions { AETitle = "UPS" }).Start();
        embedded = new DicomServer(new DicomServerOptions { AETitle = "UPS", Port = 0 }, new UnifiedProcedureStepWorkflow(store, outbox)).Start();
        scp = new RemoteApplicationEntity("UPS", "127.0.0.1", embedded.Port);
        Console.WriteLine($"Embedded UPS SCP {scp}; watcher {listen.AETitle} on 127.0.0.1:{listening.Port}.");
    }

    var workitem = await new Performer(scp, "PERFORMER", Console.Out).RunAsync(listen.AETitle, CancellationToken.None);
    var finished = await watcher.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
    Console.WriteLine($"Workitem {workitem} {finished}; the watcher heard every change.");
    return 0;
}
catch (TimeoutException)
{
    Console.Error.WriteLine("error: the watcher heard no final State Report within 30 s");
    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException or DicomAssociationException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
finally
{
    if (embedded is not null)
    {
        await embedded.DisposeAsync();
    }

    if (outbox is not null)
    {
        await outbox.DisposeAsync();
    }

    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}
