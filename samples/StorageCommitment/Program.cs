using System.Runtime.InteropServices;
using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Microsoft.Extensions.Logging;
using StorageCommitmentSample;

// Storage commitment, end to end: the main job of the README.
CommandLine options;
try
{
    options = CommandLine.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 64;
}

using var loggerFactory = LoggerFactory.Create(b => b
    .AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(options.Verbose ? LogLevel.Debug : LogLevel.Warning));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

try
{
    return options switch
    {
        { Peer: { } peer, Listen: { } listen } => await Run.AgainstPeerAsync(peer, listen, options, loggerFactory, stop.Token),
        { Listen: { } listen } => await Run.ListenAsync(listen, loggerFactory, stop.Token),
        _ => await Run.DemoAsync(options, loggerFactory, stop.Token),
    };
}
catch (Exception ex) when (ex is DicomAssociationException or InvalidOperationException or IOException or DicomDataException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

/// <summary>The three modes of the sample.</summary>
internal static class Run
{
    private const string ModalityAETitle = "MODALITY";
    private const string ScpAETitle = "COMMITSCP";

    /// <summary>No arguments: an embedded SCP and our listener, both on free loopback ports.</summary>
    public static async Task<int> DemoAsync(CommandLine options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var listener = new CommitmentListener();
        await using var listening = new DicomServer(new DicomServerOptions { AETitle = ModalityAETitle, Port = 0 }, listener, loggers).Start();
        var remotes = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity(ModalityAETitle, "127.0.0.1", listening.Port));
        // The embedded PACS keeps its reports in a durable outbox; the demo's lives in a folder of its own, removed at the end.
        using var outboxFolder = new DemoFolder();
        var store = new SqliteInstanceStore(Path.Combine(outboxFolder.Path, "outbox.db"));
        await using var outbox = new ReportOutbox(store.Outbox, remotes,
            new ReportOutboxOptions { AETitle = ScpAETitle }, loggers.CreateLogger<ReportOutbox>()).Start();
        var scp = new EmbeddedCommitmentScp(new StorageCommitmentTransactions(store, outbox));
        await using var pacs = new DicomServer(new DicomServerOptions { AETitle = ScpAETitle, Port = 0 }, scp, loggers).Start();
        Console.WriteLine($"Embedded storage-commitment SCP {ScpAETitle} listens on 127.0.0.1:{pacs.Port}; our listener {ModalityAETitle} on 127.0.0.1:{listening.Port}.");

        var instances = SampleInstances.Create(3);
        var unknown = (SopClass.CTImageStorage, DicomUid.Generate());
        var toCommit = instances.Select(ReferenceOf).Append(unknown).ToList();
        Console.WriteLine($"Storing {instances.Count} CT instances, then asking for commitment of those and of one the SCP never received.");
        var report = await new Modality(ModalityAETitle, listener, Console.Out)
            .CommitAsync(new RemoteApplicationEntity(ScpAETitle, "127.0.0.1", pacs.Port), instances, toCommit, options.Timeout, cancellationToken);
        if (report is null)
        {
            Console.Error.WriteLine($"error: no report within {options.Timeout.TotalSeconds:0} s");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine(report);
        await listening.StopAsync(drain: TimeSpan.FromSeconds(5)); // let the report's response go out before leaving
        // The demo asked for one unknown instance on purpose: exactly that one must be reported as failed.
        return report.Failed.Count == 1 && report.Failed[0].SopInstanceUid == unknown.Item2 && report.Committed.Count == instances.Count ? 0 : 1;
    }

    /// <summary>What a commitment request names of an instance: its SOP Class and SOP Instance UIDs.</summary>
    private static (string SopClassUid, string SopInstanceUid) ReferenceOf(DicomDataset instance) =>
        (instance.GetString(DicomTag.SOPClassUID), instance.GetString(DicomTag.SOPInstanceUID));

    /// <summary>--peer and --listen: a real PACS, reports on the same association or a new one to our listener.</summary>
    public static async Task<int> AgainstPeerAsync(RemoteApplicationEntity peer, RemoteApplicationEntity listen, CommandLine options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var listener = new CommitmentListener();
        await using var listening = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, listener, loggers).Start();
        Console.WriteLine($"Listening for reports as {listen}.");
        var datasets = options.Store.Select(f => DicomFile.Open(f).Dataset).ToList();
        var toCommit = datasets.Select(ReferenceOf).ToList();
        if (toCommit.Count == 0)
        {
            Console.Error.WriteLine("error: nothing to commit; give the instances with --store FILE ...");
            return 64;
        }

        var report = await new Modality(listen.AETitle, listener, Console.Out).CommitAsync(peer, datasets, toCommit, options.Timeout, cancellationToken);
        if (report is null)
        {
            Console.Error.WriteLine($"error: no report from {peer.AETitle} within {options.Timeout.TotalSeconds:0} s");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine(report);
        await listening.StopAsync(drain: TimeSpan.FromSeconds(5)); // let the report's response go out before leaving
        return report.FullyCommitted ? 0 : 2;
    }

    /// <summary>--listen alone: answer and print every report until Ctrl+C or SIGTERM.</summary>
    public static async Task<int> ListenAsync(RemoteApplicationEntity listen, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var listener = new CommitmentListener();
        await using var listening = new DicomServer(new DicomServerOptions { AETitle = listen.AETitle, Host = listen.Host, Port = listen.Port }, listener, loggers).Start();
        Console.WriteLine($"Listening for storage commitment reports as {listen}; Ctrl+C or SIGTERM stops.");
        try
        {
            await foreach (var report in listener.Reports.ReadAllAsync(cancellationToken))
            {
                Console.WriteLine(report);
                Console.WriteLine();
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopped.");
        }

        return 0;
    }
}
