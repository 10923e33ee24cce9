using Declarative.Dicom.Hosting;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Microsoft.Extensions.Logging;
using Declarative.Dicom.State;
using MppsScpSample;
using StorageCommitmentSample;
using WorklistSample;

namespace ModalitySample;

/// <summary>
/// The partners the modality was not given, embedded on free loopback ports: the RIS (the Worklist sample's SCP over three
/// steps for today, and the MPPS sample's SCP, on one server) and the archive (the StorageCommitment sample's SCP, whose
/// reports go to our listener through a durable outbox).
/// </summary>
public sealed class EmbeddedDepartment : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _running = [];
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "declarative-dicom-modality-" + Guid.NewGuid().ToString("N"))).FullName;

    public static Task<(EmbeddedDepartment Embedded, Department Department)> StartAsync(RemoteApplicationEntity? ris, RemoteApplicationEntity? mpps,
        RemoteApplicationEntity? pacs, RemoteApplicationEntity listener, ILoggerFactory loggers, TextWriter output)
    {
        var embedded = new EmbeddedDepartment();
        if (ris is null || mpps is null)
        {
            // One server, as a RIS is: the worklist and the MPPS SCP are two handler classes behind it.
            IDicomServiceHandler worklist = new ModalityWorklistScp(DemoItems.WriteFolder(), loggers.CreateLogger("Worklist"));
            IDicomServiceHandler steps = new PerformedProcedureSteps(new SqliteInstanceStore(Path.Combine(embedded._folder, "mpps.db")), output);
            var server = embedded.Start(new DicomServer(new DicomServerOptions { AETitle = "RIS", Port = 0 }, new CompositeServiceHandler([worklist, steps]), loggers));
            var local = new RemoteApplicationEntity("RIS", "127.0.0.1", server.Port);
            output.WriteLine($"Embedded RIS (worklist{(mpps is null ? ", MPPS" : string.Empty)}) {local}.");
            ris ??= local;
            mpps ??= local;
        }

        if (pacs is null)
        {
            var remotes = new RemoteApplicationEntityTable().Add(listener);
            var store = new SqliteInstanceStore(Path.Combine(embedded._folder, "outbox.db"));
            var outbox = new ReportOutbox(store.Outbox, remotes,
                new ReportOutboxOptions { AETitle = "PACS" }, loggers.CreateLogger<ReportOutbox>()).Start();
            embedded._running.Add(outbox);
            var server = embedded.Start(new DicomServer(new DicomServerOptions { AETitle = "PACS", Port = 0 }, new EmbeddedCommitmentScp(new Declarative.Dicom.StorageCommitmentTransactions(store, outbox)), loggers));
            pacs = new RemoteApplicationEntity("PACS", "127.0.0.1", server.Port);
            output.WriteLine($"Embedded archive (storage, storage commitment) {pacs}.");
        }

        return Task.FromResult((embedded, new Department(ris, mpps, pacs)));
    }

    private DicomServer Start(DicomServer server)
    {
        server.Start();
        _running.Add(server);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            await _running[i].DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
