using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// Drives node/peer.js (dcmjs-dimse 0.3.3, installed by ./test.sh with npm ci). A missing node_modules
/// folder is a failure with the command to fix it, never a skip.
/// </summary>
internal static class DcmjsPeer
{
    public static string Script
    {
        get
        {
            var modules = Path.Combine(RepositoryPaths.NodePeers, "node_modules", "dcmjs-dimse");
            if (!Directory.Exists(modules))
            {
                throw new DirectoryNotFoundException($"dcmjs-dimse is not installed in {RepositoryPaths.NodePeers}; ./test.sh runs 'npm ci' there.");
            }

            return Path.Combine(RepositoryPaths.NodePeers, "peer.js");
        }
    }

    /// <summary>Runs the SCU with the given requests and returns one JSON object per line it printed.</summary>
    public static IReadOnlyList<JsonObject> RunScu(int port, string callingAe, string calledAe, object requests, TempDirectory temp)
    {
        var file = temp.File($"requests-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(requests));
        var result = ExternalTool.Run("node", TimeSpan.FromSeconds(60), Script, "scu", port.ToString(), callingAe, calledAe, file);
        var lines = ParseLines(result.StandardOutput);
        if (result.ExitCode != 0 || lines.Any(l => l.ContainsKey("error") || l.ContainsKey("rejected")))
        {
            throw new InvalidOperationException($"dcmjs-dimse SCU failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }

        return lines;
    }

    /// <summary>Starts the SCP; returns the process once it listens.</summary>
    public static async Task<BackgroundProcess> StartScpAsync(int port, object config, TempDirectory temp)
    {
        var file = temp.File($"scp-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(config));
        var process = new BackgroundProcess("node", Script, "scp", port.ToString(), file);
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15));
        return process;
    }

    public static List<JsonObject> ParseLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToList();
}
