using System.Diagnostics;
using System.Globalization;
using Declarative.Dicom.TestSupport;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `scale-out [--workers W] [--iterations N]`: the same modality workflow (ModalityLoad: C-STORE and a commitment request,
/// an MPPS step created and completed, a UPS workitem created, claimed, recorded and completed; one association per
/// request) from W concurrent modalities against samples/WorkflowNode in four set-ups, one after the other in one run:
/// one node on SQLite, one node on PostgreSQL, the same behind HAProxy, three nodes behind HAProxy. Prints requests/s,
/// workflows/s (until both UPS watchers heard COMPLETED and every commitment report arrived) and the mean request time,
/// so that the database's and the proxy's cost per request are the differences between neighbouring rows.
/// </summary>
internal static class ScaleOutProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        var workers = Option(args, "--workers", 6);
        var iterations = Option(args, "--iterations", 20);
        var node = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "WorkflowNode", "bin"), "WorkflowNode.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() ?? throw new FileNotFoundException("build samples/WorkflowNode first");
        Console.WriteLine($"workers={workers} iterations_each={iterations} node={node}");
        foreach (var (name, nodes, postgres, proxy) in new[] { ("sqlite-1", 1, false, false), ("postgres-1", 1, true, false), ("postgres-1-haproxy", 1, true, true), ("postgres-3-haproxy", 3, true, true) })
        {
            await RunOneAsync(name, node, nodes, postgres, proxy, workers, iterations);
        }

        return 0;
    }

    private static async Task RunOneAsync(string name, string nodeDll, int nodes, bool postgres, bool proxy, int workers, int iterations)
    {
        await using var receivers = new ScaleOutReceivers();
        var folder = Directory.CreateTempSubdirectory("scale-out-");
        var processes = new List<Process>();
        try
        {
            var ports = Enumerable.Range(0, nodes).Select(_ => (Dicom: FreePort(), Agent: FreePort())).ToList();
            var schema = ThrowawayPostgres.NewSchema();
            for (var i = 0; i < nodes; i++)
            {
                List<string> arguments = [nodeDll, "--node", $"node{i + 1}", "--listen", $"NODE@127.0.0.1:{ports[i].Dicom}", "--agent-port", ports[i].Agent.ToString(CultureInfo.InvariantCulture)];
                arguments.AddRange(postgres ? ["--postgres", ThrowawayPostgres.ConnectionString, "--schema", schema] : ["--sqlite", Path.Combine(folder.FullName, "node.db")]);
                arguments.AddRange(proxy ? ["--trust-proxy", "127.0.0.1"] : []);
                foreach (var peer in receivers.Peers)
                {
                    arguments.AddRange(["--peer", peer]);
                }

                processes.Add(ProfileProcesses.Start("dotnet", [.. arguments]));
            }

            foreach (var (dicom, _) in ports)
            {
                await ProfileProcesses.WaitUntilListeningAsync(dicom);
            }

            var port = ports[0].Dicom;
            if (proxy)
            {
                port = FreePort();
                var config = Path.Combine(folder.FullName, "haproxy.cfg");
                // deploy/haproxy.cfg's settings, with as many servers as nodes.
                File.WriteAllText(config, $"""
                    defaults
                        mode tcp
                        timeout connect 3s
                        timeout client 10m
                        timeout server 10m
                    frontend dicom
                        bind 127.0.0.1:{port}
                        default_backend nodes
                    backend nodes
                        balance leastconn
                        retries 3
                        option redispatch 1
                        default-server send-proxy-v2 inter 1s fall 2 rise 2 agent-inter 1s
                    {string.Join("\n", ports.Select((p, i) => $"    server node{i + 1} 127.0.0.1:{p.Dicom} check port {p.Agent} agent-check agent-port {p.Agent}"))}

                    """);
                processes.Add(ProfileProcesses.Start("haproxy", "-db", "-f", config));
                await ProfileProcesses.WaitUntilListeningAsync(port);
            }

            // One untimed workflow per worker first: JIT, connection pools and the database's caches warm in every set-up alike.
            var warmUp = new ModalityLoad(port);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => warmUp.RunAsync(-1 - w)));
            var load = new ModalityLoad(port);
            await load.SubscribeGloballyAsync("WATCH1");
            await load.SubscribeGloballyAsync("WATCH2");
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < iterations; i++)
                {
                    await load.RunAsync(w * 10_000 + i);
                }
            })));
            var requestsDone = clock.Elapsed;
            var workitems = load.Steps.Where(s => s.Value.Answered is ["SCHEDULED", .., "COMPLETED"]).Select(s => s.Key).ToList();
            while (clock.Elapsed < TimeSpan.FromMinutes(2)
                && !(load.AnsweredCommitments.All(receivers.Commitments.Contains)
                     && workitems.All(w => new[] { "WATCH1", "WATCH2" }.All(watcher => receivers.States.TryGetValue((watcher, w), out var heard) && heard.Contains("COMPLETED")))))
            {
                await Task.Delay(20);
            }

            var allDelivered = clock.Elapsed;
            var requests = workers * iterations * 8;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: requests={requests} failed={load.Failures.Count} requests_per_s={requests / requestsDone.TotalSeconds:0} mean_request_ms={requestsDone.TotalMilliseconds * workers / requests:0.0} " +
                $"ups_workflows={workitems.Count} workflows_per_s={workitems.Count / allDelivered.TotalSeconds:0.0} commitment_reports={receivers.Commitments.Distinct().Count()} " +
                $"reports_per_s={receivers.Commitments.Distinct().Count() / allDelivered.TotalSeconds:0.0} delivered_after_s={allDelivered.TotalSeconds:0.00}"));
        }
        finally
        {
            foreach (var process in processes)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
                catch (InvalidOperationException)
                {
                }
            }

            folder.Delete(recursive: true);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort() => LoadProfile.FreePort();
}
