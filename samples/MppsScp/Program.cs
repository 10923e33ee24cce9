using Declarative.Dicom;
using Declarative.Dicom.Network;
using Declarative.Dicom.State;
using Microsoft.Extensions.Logging;
using MppsScpSample;

// A Modality Performed Procedure Step SCP: `--listen AET@host:port` (default MPPS@127.0.0.1:11114), its steps kept in
// `--store FILE` (a SQLite file, default mpps.db in the working directory), where a restart finds them.
// Prints each step's state changes; Ctrl+C stops.
var listen = new RemoteApplicationEntity("MPPS", "127.0.0.1", 11114);
var storePath = "mpps.db";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--listen" when i + 1 < args.Length:
            try
            {
                listen = RemoteApplicationEntity.Parse(args[++i]);
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine(ex.Message);
                goto default;
            }

            break;
        case "--store" when i + 1 < args.Length:
            storePath = args[++i];
            break;
        default:
            Console.Error.WriteLine("Usage: MppsScp [--listen AET@host:port] [--store FILE]");
            return 64;
    }
}

var store = new SqliteInstanceStore(storePath);
var steps = new PerformedProcedureSteps(store, Console.Out);
// Errors only (a handler that threw, an association that broke): the state changes above are the sample's output.
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
await using var server = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, steps, loggers).Start();
var kept = 0;
await foreach (var _ in steps.Steps.StepsAsync(PerformedProcedureStepWorkflow.InProgress))
{
    kept++;
}

Console.WriteLine($"MPPS SCP {listen.AETitle} listening on {listen.Host}:{server.Port}, steps in {store.Path} ({kept} in progress); Ctrl+C stops.");
await Declarative.Dicom.Hosting.StopSignal.WaitAsync(); // SIGTERM or Ctrl+C
return 0;
