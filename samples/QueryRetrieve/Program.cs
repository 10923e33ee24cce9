using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;
using QueryRetrieveSample;

// A query/retrieve SCP: `--listen AET@host:port` (default QRSCP@127.0.0.1:11116), `--folder DIR` of DICOM files (without it,
// a demo folder of small CT images), `--destination AET@host:port` for each AE a C-MOVE may send to. Ctrl+C stops.
var listen = new RemoteApplicationEntity("QRSCP", "127.0.0.1", 11116);
string? folder = null;
var destinations = new RemoteApplicationEntityTable();
for (var i = 0; i < args.Length; i++)
{
    try
    {
        switch (args[i])
        {
            case "--listen" when i + 1 < args.Length:
                listen = RemoteApplicationEntity.Parse(args[++i], allowAnyPort: true);
                break;
            case "--destination" when i + 1 < args.Length:
                destinations.Add(RemoteApplicationEntity.Parse(args[++i]));
                break;
            case "--folder" when i + 1 < args.Length && Directory.Exists(args[i + 1]):
                folder = args[++i];
                break;
            default:
                Console.Error.WriteLine("Usage: QueryRetrieve [--listen AET@host:port] [--folder DIR] [--destination AET@host:port]...");
                return 64;
        }
    }
    catch (FormatException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 64;
    }
}

folder ??= DemoInstances.WriteFolder();
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
    .AddFilter("Declarative.Dicom", LogLevel.Warning));
var logger = loggers.CreateLogger("QueryRetrieve");
var index = new InstanceIndex(folder, listen.AETitle, (path, ex) => logger.LogWarning("Skipping {File}: {Error}", path, ex.Message));
var options = new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port, MoveDestinations = destinations };
await using var server = new DicomServer(options, new QueryRetrieveScp(index, logger), loggers).Start();
Console.WriteLine($"Query/retrieve SCP {listen.AETitle} listening on {listen.Host}:{server.Port}, {index.Instances.Count} instance(s) from {folder}; " +
    $"move destinations: {(destinations.Entities.Count == 0 ? "none" : string.Join(", ", destinations.Entities))}. Ctrl+C stops.");
await Declarative.Dicom.Hosting.StopSignal.WaitAsync(); // SIGTERM or Ctrl+C
return 0;
