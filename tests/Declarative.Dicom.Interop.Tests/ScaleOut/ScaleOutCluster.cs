using System.Globalization;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;
using Declarative.Dicom.TestSupport;

namespace Declarative.Dicom.Interop.Tests.ScaleOut;

/// <summary>
/// samples/WorkflowNode started N times on one PostgreSQL schema, behind HAProxy (mode tcp, round robin, send-proxy-v2, the
/// nodes' agent checks every 300 ms, a connection that fails to connect redispatched to another node). Everything on 127.0.0.1.
/// </summary>
internal sealed class ScaleOutCluster : IDisposable
{
    private readonly List<BackgroundProcess> _nodes = [];
    private Haproxy? _haproxy;

    private ScaleOutCluster(string schema) => Schema = schema;

    public string Schema { get; }

    /// <summary>The port modalities connect to: HAProxy's frontend.</summary>
    public int Port { get; private set; }

    public IReadOnlyList<BackgroundProcess> Nodes => _nodes;

    public IReadOnlyList<int> NodePorts { get; private set; } = [];

    public string Logs => string.Join("\n", _nodes.Select((n, i) => $"--- node{i + 1}\n{n.Output}")) + $"\n--- haproxy\n{_haproxy?.Output}";

    public static async Task<ScaleOutCluster> StartAsync(int nodes, IEnumerable<string> peers, TimeSpan lease)
    {
        var cluster = new ScaleOutCluster(ThrowawayPostgres.NewSchema());
        try
        {
            var ports = Enumerable.Range(0, nodes).Select(_ => (Dicom: LocalPorts.Free(), Agent: LocalPorts.Free())).ToList();
            cluster.NodePorts = [.. ports.Select(p => p.Dicom)];
            for (var i = 0; i < nodes; i++)
            {
                List<string> arguments =
                [
                    "--postgres", ThrowawayPostgres.ConnectionString, "--schema", cluster.Schema, "--node", $"node{i + 1}",
                    "--listen", $"NODE@127.0.0.1:{ports[i].Dicom}", "--trust-proxy", "127.0.0.1", "--agent-port", ports[i].Agent.ToString(CultureInfo.InvariantCulture),
                    "--lease", lease.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--drain", "5", "--verbose",
                ];
                foreach (var peer in peers)
                {
                    arguments.AddRange(["--peer", peer]);
                }

                cluster._nodes.Add(SampleRunner.Start("WorkflowNode", [.. arguments]));
            }

            foreach (var (dicom, agent) in ports)
            {
                await LocalPorts.WaitUntilListeningAsync(dicom, TimeSpan.FromSeconds(30));
                await LocalPorts.WaitUntilListeningAsync(agent, TimeSpan.FromSeconds(30));
            }

            cluster.Port = LocalPorts.Free();
            var servers = string.Join("\n", ports.Select((p, i) =>
                $"    server node{i + 1} 127.0.0.1:{p.Dicom} send-proxy-v2 check port {p.Agent} inter 300ms fall 1 rise 1 agent-check agent-port {p.Agent} agent-inter 300ms"));
            cluster._haproxy = await Haproxy.StartAsync($"""
                frontend dicom
                    bind 127.0.0.1:{cluster.Port}
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    retries 3
                    option redispatch 1
                {servers}
                """, cluster.Port);
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
