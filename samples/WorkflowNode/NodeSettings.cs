using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;

namespace WorkflowNodeSample;

/// <summary>A node's command line. Every node of a deployment shares the database, the schema and the peers; each has its own name and ports.</summary>
internal sealed record NodeSettings(
    RemoteApplicationEntity Listen, string? Postgres, string? Sqlite, string Schema, string NodeName, RemoteApplicationEntityTable Peers,
    IReadOnlyList<string> TrustedProxies, int? AgentPort, TimeSpan Drain, TimeSpan Lease, LogLevel LogLevel, System.Net.IPEndPoint? Http)
{
    public const string Usage = """
        Usage: WorkflowNode (--postgres CONNECTION-STRING | --sqlite FILE) [--listen AET@host:port] [--schema NAME] [--node NAME]
                            [--peer AET@host:port]... [--trust-proxy ADDRESS[/BITS]]... [--agent-port PORT] [--drain SECONDS]
                            [--lease SECONDS] [--http host:port] [--verbose]
          --sqlite       one node alone on a SQLite file instead (for comparison: no other node may share it)
          --peer         where reports go: storage-commitment requestors and UPS subscribers, by AE title
          --trust-proxy  read the PROXY protocol v2 header from this proxy (HAProxy send-proxy-v2); others are refused
          --agent-port   answer HAProxy's agent check there: up, drain while stopping
          --lease        how long this node may hold the reports it is sending before another node takes them over (default 120)
          --http         also serve UPS-RS (DICOMweb) at http://host:port/dicomweb, its notification connections included
        """;

    public static NodeSettings? Parse(string[] args)
    {
        var listen = new RemoteApplicationEntity("NODE", "127.0.0.1", 11112);
        string? postgres = null;
        string? sqlite = null;
        var schema = "dicom";
        var node = $"{Environment.MachineName}:{Environment.ProcessId}";
        var peers = new RemoteApplicationEntityTable();
        var proxies = new List<string>();
        int? agent = null;
        var drain = TimeSpan.FromSeconds(10);
        var lease = TimeSpan.FromMinutes(2);
        var level = LogLevel.Warning;
        System.Net.IPEndPoint? http = null;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--listen": listen = RemoteApplicationEntity.Parse(Next()); break;
                    case "--postgres": postgres = Next(); break;
                    case "--sqlite": sqlite = Next(); break;
                    case "--schema": schema = Next(); break;
                    case "--node": node = Next(); break;
                    case "--peer": peers.Add(RemoteApplicationEntity.Parse(Next())); break;
                    case "--trust-proxy": proxies.Add(Next()); break;
                    case "--agent-port": agent = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--drain": drain = TimeSpan.FromSeconds(double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                    case "--lease": lease = TimeSpan.FromSeconds(double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                    case "--http": http = System.Net.IPEndPoint.Parse(Next()); break;
                    case "--verbose": level = LogLevel.Information; break;
                    default: throw new FormatException($"unknown argument {args[i]}");
                }
            }
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }

        return (postgres is null) == (sqlite is null) ? null : new NodeSettings(listen, postgres, sqlite, schema, node, peers, proxies, agent, drain, lease, level, http);
    }
}
