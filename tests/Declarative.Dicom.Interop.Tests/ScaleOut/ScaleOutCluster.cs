using System.Globalization;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;
using Declarative.Dicom.TestSupport;

namespace Declarative.Dicom.Interop.Tests.ScaleOut;

/// <summary>
/// samples/WorkflowNode started three times on one PostgreSQL schema, behind HAProxy with deploy/haproxy.cfg (mode tcp,
/// send-proxy-v2, the nodes' agent checks, a connection that fails to connect redispatched to another node; UPS-RS in mode
/// http, round robin). Everything on 127.0.0.1.
/// </summary>
internal sealed class ScaleOutCluster : IDisposable
{
    private readonly List<BackgroundProcess> _nodes = [];
    private Haproxy? _haproxy;

    private ScaleOutCluster(string schema) => Schema = schema;

    public string Schema { get; }

    /// <summary>The port modalities connect to: HAProxy's frontend.</summary>
    public int Port { get; private set; }

    /// <summary>The port UPS-RS user agents connect to: HAProxy's HTTP frontend, each request to the next node.</summary>
    public int HttpPort { get; private set; }

    public IReadOnlyList<BackgroundProcess> Nodes => _nodes;

    public string Logs => string.Join("\n", _nodes.Select((n, i) => $"--- node{i + 1}\n{n.Output}")) + $"\n--- haproxy\n{_haproxy?.Output}";

    /// <summary>Three nodes: deploy/haproxy.cfg names three.</summary>
    public static async Task<ScaleOutCluster> StartAsync(IEnumerable<string> peers, TimeSpan lease)
    {
        const int nodes = 3;
        var cluster = new ScaleOutCluster(ThrowawayPostgres.NewSchema());
        try
        {
            var ports = Enumerable.Range(0, nodes).Select(_ => (Dicom: LocalPorts.Free(), Agent: LocalPorts.Free(), Http: LocalPorts.Free())).ToList();
            for (var i = 0; i < nodes; i++)
            {
                List<string> arguments =
                [
                    "--postgres", ThrowawayPostgres.ConnectionString, "--schema", cluster.Schema, "--node", $"node{i + 1}",
                    "--listen", $"NODE@127.0.0.1:{ports[i].Dicom}", "--trust-proxy", "127.0.0.1", "--agent-port", ports[i].Agent.ToString(CultureInfo.InvariantCulture),
                    "--lease", lease.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--drain", "5", "--verbose",
                    "--http", $"127.0.0.1:{ports[i].Http}",
                ];
                foreach (var peer in peers)
                {
                    arguments.AddRange(["--peer", peer]);
                }

                cluster._nodes.Add(SampleRunner.Start("WorkflowNode", [.. arguments]));
            }

            foreach (var (dicom, agent, http) in ports)
            {
                await LocalPorts.WaitUntilListeningAsync(dicom, TimeSpan.FromSeconds(30));
                await LocalPorts.WaitUntilListeningAsync(agent, TimeSpan.FromSeconds(30));
                await LocalPorts.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(30));
            }

            // The deployment's own configuration, as deploy/start-nodes.sh runs it: what the test proves is what users copy.
            cluster.Port = LocalPorts.Free();
            cluster.HttpPort = LocalPorts.Free();
            var environment = new Dictionary<string, string> { ["DICOM_FRONTEND"] = $"127.0.0.1:{cluster.Port}", ["UPSRS_FRONTEND"] = $"127.0.0.1:{cluster.HttpPort}" };
            for (var i = 0; i < ports.Count; i++)
            {
                environment[$"NODE{i + 1}"] = $"127.0.0.1:{ports[i].Dicom}";
                environment[$"NODE{i + 1}_AGENT"] = ports[i].Agent.ToString(CultureInfo.InvariantCulture);
                environment[$"NODE{i + 1}_HTTP"] = $"127.0.0.1:{ports[i].Http}";
            }

            cluster._haproxy = await Haproxy.StartFileAsync(Path.Combine(RepositoryPaths.Root, "deploy", "haproxy.cfg"), environment, cluster.Port, cluster.HttpPort);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _haproxy?.Dispose();
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }
}
