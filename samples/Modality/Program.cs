using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;
using ModalitySample;
using StorageCommitmentSample;

// The acquisition modality of IHE Scheduled Workflow, end to end. With no arguments every partner is embedded; each can be
// a real one instead: --ris AE@host:port (worklist), --mpps AE@host:port, --pacs AE@host:port (storage and commitment).
// --listen AE@host:port is where commitment reports come (default the station's AE title on a free loopback port; a real
// archive must know it, and sends them to the AE that asked, which is the station),
// --station (default CT01) and --modality (default CT) select the worklist's steps, --images N (default 3).
RemoteApplicationEntity? ris = null, mpps = null, pacs = null;
RemoteApplicationEntity? listen = null;
var station = "CT01";
var modality = "CT";
var images = 3;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--ris": ris = RemoteApplicationEntity.Parse(value); break;
            case "--mpps": mpps = RemoteApplicationEntity.Parse(value); break;
            case "--pacs": pacs = RemoteApplicationEntity.Parse(value); break;
            case "--listen": listen = RemoteApplicationEntity.Parse(value, allowAnyPort: true); break;
            case "--station": station = value; break;
            case "--modality": modality = value; break;
            case "--images" when int.TryParse(value, out var n) && n > 0: images = n; break;
            default: throw new FormatException($"unknown option {args[i]}");
        }

        i++;
    }
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine("Usage: Modality [--ris AE@host:port] [--mpps AE@host:port] [--pacs AE@host:port] [--listen AE@host:port] [--station AE] [--modality CT] [--images N]");
    return 64;
}

listen ??= new RemoteApplicationEntity(station, "127.0.0.1", 0);
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var listener = new CommitmentListener();
await using var listening = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, listener, loggers).Start();
listen = listen with { Port = listening.Port };
Console.WriteLine($"Modality {station} ({modality}); storage commitment reports to {listen}.");
try
{
    var (embedded, department) = await EmbeddedDepartment.StartAsync(ris, mpps, pacs, listen, loggers, Console.Out);
    await using (embedded)
    {
        var done = await new ScheduledWorkflow(station, modality, listener, Console.Out).RunAsync(department, images, TimeSpan.FromSeconds(30), stop.Token);
        await listening.StopAsync(drain: TimeSpan.FromSeconds(5)); // the report's response goes out before we leave
        return done ? 0 : 1;
    }
}
catch (Exception ex) when (ex is DicomAssociationException or InvalidOperationException or DimseFailureException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
