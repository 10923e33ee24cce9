using Declarative.Dicom;
using Declarative.Dicom.Hosting;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.PostgreSql;
using Declarative.Dicom.State;
using Microsoft.Extensions.Logging;
using WorkflowNodeSample;

// One node of a deployment behind a TCP load balancer (deploy/): storage commitment, MPPS and UPS on one listener, all
// state in PostgreSQL shared with the other nodes, reports delivered by whichever node is free. See docs/scale-out.md.
var settings = NodeSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(NodeSettings.Usage);
    return 64;
}

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(settings.LogLevel));
var log = loggers.CreateLogger("WorkflowNode");
// PostgreSQL for a deployment of several nodes; SQLite for one node alone (the comparison in docs/performance.md).
IInstanceStore store = settings.Postgres is { } postgres
    ? new PostgreSqlInstanceStore(postgres, new PostgreSqlStoreOptions { Schema = settings.Schema, NodeName = settings.NodeName, LeaseDuration = settings.Lease })
    : new SqliteInstanceStore(settings.Sqlite!);
await using var disposeStore = store as IAsyncDisposable;
await using var outbox = new ReportOutbox(store.Outbox, settings.Peers,
    new ReportOutboxOptions { AETitle = settings.Listen.AETitle, FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(10) },
    loggers.CreateLogger<ReportOutbox>());
outbox.Delivered += report => log.LogInformation("report {Event} about {Instance} delivered to {Destination} ({Id:N})",
    report.EventTypeId, report.SopInstanceUid, report.DestinationAETitle, report.Id);
var commitments = new StorageCommitmentTransactions(store, outbox, logger: loggers.CreateLogger<StorageCommitmentTransactions>());
var mpps = new PerformedProcedureStepWorkflow(store, loggers.CreateLogger<PerformedProcedureStepWorkflow>());
var ups = new UnifiedProcedureStepWorkflow(store, outbox, loggers.CreateLogger<UnifiedProcedureStepWorkflow>());
outbox.Start();

var options = new DicomServerOptions { AETitle = settings.Listen.AETitle, Host = settings.Listen.Host, Port = settings.Listen.Port };
if (settings.TrustedProxies.Count > 0)
{
    options.ProxyProtocol = new ProxyProtocolOptions().Trust([.. settings.TrustedProxies]);
}

var handler = new CompositeServiceHandler([new ImageManager(store, commitments), mpps, ups]);
await using var server = new DicomServer(options, handler, loggers).Start();
await using var agent = settings.AgentPort is { } agentPort ? new HaproxyAgentCheck(server, settings.Listen.Host, agentPort).Start() : null;
// UPS-RS on this node: the same handler, store and outbox; a subscriber's notification connection may be on any node.
await using var web = settings.Http is { } http ? await UpsRsNode.StartAsync(http, ups, outbox, handler, settings.Listen.AETitle, settings.LogLevel) : null;
Console.WriteLine($"node {settings.NodeName}: {settings.Listen.AETitle} listening on {settings.Listen.Host}:{server.Port}"
    + (agent is null ? string.Empty : $", HAProxy agent on {agent.Port}")
    + (settings.Http is null ? string.Empty : $", UPS-RS at http://{settings.Http}/dicomweb")
    + (settings.Postgres is null ? $", state in {settings.Sqlite}" : $", state in PostgreSQL schema {settings.Schema}") + "; SIGTERM drains and stops.");

// SIGTERM (a service manager's stop) or SIGINT (Ctrl+C), taken over so that the runtime does not exit at once.
await StopSignal.WaitAsync();
// Draining: the agent says so (the proxy sends no new connections), new associations get a transient reject, and the
// associations open now finish before the node goes.
Console.WriteLine($"node {settings.NodeName}: draining for up to {settings.Drain.TotalSeconds:0} s");
await server.StopAsync(settings.Drain);
Console.WriteLine($"node {settings.NodeName}: stopped");
return 0;
