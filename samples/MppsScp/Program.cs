using Declarative.Dicom;
using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;
using MppsScpSample;

// A Modality Performed Procedure Step SCP: `--listen AET@host:port` (default MPPS@127.0.0.1:11114).
// Prints each step's state changes; Ctrl+C stops.
var listen = new RemoteApplicationEntity("MPPS", "127.0.0.1", 11114);
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
        default:
            Console.Error.WriteLine("Usage: MppsScp [--listen AET@host:port]");
            return 64;
    }
}

var steps = new PerformedProcedureSteps(Console.Out);
// Errors only (a handler that threw, an association that broke): the state changes above are the sample's output.
using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
await using var server = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, steps, loggers).Start();
Console.WriteLine($"MPPS SCP {listen.AETitle} listening on {listen.Host}:{server.Port}; Ctrl+C stops.");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
return 0;
