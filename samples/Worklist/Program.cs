using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;
using WorklistSample;

// A Modality Worklist SCP: `--listen AET@host:port` (default WORKLIST@127.0.0.1:11115), `--folder DIR` of worklist items
// (.wl/.dcm DICOM files or .json DICOM JSON; without it, three demo items for today). Logs each query; Ctrl+C stops.
var listen = new RemoteApplicationEntity("WORKLIST", "127.0.0.1", 11115);
string? folder = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--listen" when i + 1 < args.Length:
            try
            {
                listen = RemoteApplicationEntity.Parse(args[++i], allowAnyPort: true);
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine(ex.Message);
                goto default;
            }

            break;
        case "--folder" when i + 1 < args.Length:
            folder = args[++i];
            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"No such folder: {folder}");
                return 64;
            }

            break;
        default:
            Console.Error.WriteLine("Usage: Worklist [--listen AET@host:port] [--folder DIR]");
            return 64;
    }
}

folder ??= DemoItems.WriteFolder();
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
    .AddFilter("Declarative.Dicom", LogLevel.Warning));
var scp = new ModalityWorklistScp(folder, loggers.CreateLogger("Worklist"));
await using var server = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, scp, loggers).Start();
Console.WriteLine($"Worklist SCP {listen.AETitle} listening on {listen.Host}:{server.Port}, items in {folder}; Ctrl+C stops.");
await Declarative.Dicom.Hosting.StopSignal.WaitAsync(); // SIGTERM or Ctrl+C
return 0;
