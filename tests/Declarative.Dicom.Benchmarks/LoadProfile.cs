using System.Diagnostics;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `load --count N --associations K [--window W] [--server-process]`: K associations at once, each sending N
/// storage-commitment reports (W at a time through the asynchronous operations window, one after the other by default); every status is checked and the handler's count compared with
/// what was sent. The acceptor runs in this process, or with --server-process in a process of its own
/// (`serve --expect TOTAL`), which measures what it allocated per message in the steady state (after the first tenth
/// of the reports; the whole run's figure, association set-up included, goes to stderr). The last line reads
/// `rps=… p50_us=… p99_us=… acceptor_bytes_per_message=…` (NaN in-process, where the two sides cannot be told apart).
/// `--wait-ms D` makes the handler wait D ms before it answers, one call at a time per association, or overlapping
/// up to the window with `--concurrent` ([ConcurrentHandler]).
/// </summary>
internal static class LoadProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        int count = 5000, associations = 32, window = 1, waitMs = 0;
        bool serverProcess = false, concurrent = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--count": count = int.Parse(args[++i]); break;
                case "--associations": associations = int.Parse(args[++i]); break;
                case "--window": window = int.Parse(args[++i]); break;
                case "--server-process": serverProcess = true; break;
                case "--wait-ms": waitMs = int.Parse(args[++i]); break;
                case "--concurrent": concurrent = true; break;
                case "--profile": break; // passed on to the acceptor process
                default:
                    Console.Error.WriteLine("usage: load --count N --associations K [--window W] [--server-process] [--wait-ms D [--concurrent]]");
                    return 64;
            }
        }

        if (window is < 1 or > ushort.MaxValue || count % window != 0)
        {
            Console.Error.WriteLine("--window W: 1 to 65535 requests in flight per association, and N a multiple of W");
            return 64;
        }

        var total = (long)count * associations;
        if (!serverProcess)
        {
            var listener = LoadCounter.Create(long.MaxValue, waitMs, concurrent);
            await using var server = new DicomServer(new DicomServerOptions { AETitle = "LOAD", Port = 0, MaxAssociations = Math.Max(64, associations + 1) }, listener.Handler).Start();
            var (rps, p50, p99, ok) = await DriveAsync(server.Port, associations, count, window);
            Console.WriteLine($"sent={total} answered_success={ok} handled={listener.Received} lost={total - listener.Received}");
            Console.WriteLine($"rps={rps:F0} p50_us={p50:F0} p99_us={p99:F0} acceptor_bytes_per_message=NaN");
            return ok == total && listener.Received == total ? 0 : 1;
        }

        var port = FreePort();
        // The same program, as `dotnet Benchmarks.dll serve …` or through its apphost, whichever started this one.
        var host = Environment.ProcessPath!;
        string[] serve = ["serve", "--port", port.ToString(), "--expect", total.ToString(), "--associations", associations.ToString(), "--wait-ms", waitMs.ToString(),
            .. args.Contains("--profile") ? ["--profile"] : Array.Empty<string>(), .. concurrent ? ["--concurrent"] : Array.Empty<string>()];
        var viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        using var acceptor = Process.Start(new ProcessStartInfo(host, viaDotnet ? [typeof(LoadProfile).Assembly.Location, .. serve] : serve)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        if (await acceptor.StandardOutput.ReadLineAsync() != "listening")
        {
            Console.Error.WriteLine("the acceptor process did not start");
            return 1;
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (r, m, n, answered) = await DriveAsync(port, associations, count, window);
        // Where the two cores go: the requestors' CPU per report here, the acceptor's in its own process (stderr).
        Console.Error.WriteLine($"requestor CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / total:F1} µs per message");
        var report = await acceptor.StandardOutput.ReadLineAsync(); // "handled=… acceptor_bytes_per_message=…"
        await acceptor.WaitForExitAsync();
        var handled = long.Parse(report!.Split(' ')[0].Split('=')[1]);
        Console.WriteLine($"sent={total} answered_success={answered} handled={handled} lost={total - handled}");
        Console.WriteLine($"rps={r:F0} p50_us={m:F0} p99_us={n:F0} {report.Split(' ')[1]}");
        return answered == total && handled == total ? 0 : 1;
    }

    /// <summary>`serve --port P --expect TOTAL --associations K`: the acceptor of --server-process.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var port = int.Parse(args[Array.IndexOf(args, "--port") + 1]);
        var expect = long.Parse(args[Array.IndexOf(args, "--expect") + 1]);
        var associations = int.Parse(args[Array.IndexOf(args, "--associations") + 1]);
        var waitMs = int.Parse(args[Array.IndexOf(args, "--wait-ms") + 1]);
        var listener = LoadCounter.Create(expect, waitMs, args.Contains("--concurrent"));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "LOAD", Port = port, MaxAssociations = Math.Max(64, associations + 1) }, listener.Handler).Start();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        // --profile: which types the acceptor's garbage is made of, on stderr (sampled allocation events).
        using var profile = args.Contains("--profile") ? AllocationProfile.StartRecording() : null;
        Console.WriteLine("listening");
        await listener.AllReceived.Task;
        var allocated = listener.AllocatedAtEnd - before;
        profile?.Print(Console.Error, allocated, expect);
        // Per message in the steady state, after the first tenth; the whole run's figure (set-up included) beside it.
        var steady = (listener.AllocatedAtEnd - listener.AllocatedAfterWarmUp) / (double)(expect - listener.WarmUp);
        Console.Error.WriteLine($"acceptor allocated {allocated:N0} B in all, {allocated / (double)expect:F1} B per message with set-up and warm-up; "
            + $"CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds / expect:F1} µs per message (set-up included)");
        Console.WriteLine($"handled={listener.Received} acceptor_bytes_per_message={steady:F1}");
        await server.StopAsync(drain: TimeSpan.FromSeconds(10)); // the last responses go out and the peers release
        return 0;
    }

    /// <summary>
    /// K associations, each with W senders sharing it (the negotiated window lets W requests wait at once), each sender
    /// sending N/W reports one after the other with a request object of its own.
    /// </summary>
    private static async Task<(double Rps, double P50, double P99, long Ok)> DriveAsync(int port, int associations, int count, int window)
    {
        var information = BenchmarkListener.Report();
        var latencies = new long[associations * count];
        var perSender = count / window;
        var clock = Stopwatch.StartNew();
        var successes = await Task.WhenAll(Enumerable.Range(0, associations).Select(a => Task.Run(async () =>
        {
            await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("LOAD", "127.0.0.1", port),
                [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true }],
                new DicomClientOptions { MaxOperationsInvoked = (ushort)window });
            if (association.Info.MaxOperationsInvoked != window)
            {
                throw new InvalidOperationException($"asked for a window of {window}, granted {association.Info.MaxOperationsInvoked}");
            }

            var oks = await Task.WhenAll(Enumerable.Range(0, window).Select(async w =>
            {
                var request = new NEventReportRequest(SopClass.StorageCommitmentPushModel, WellKnownSopInstance.StorageCommitmentPushModel, 1, information);
                var ok = 0;
                for (var i = 0; i < perSender; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var response = await association.SendAsync(request);
                    latencies[(a * count) + (w * perSender) + i] = Stopwatch.GetTimestamp() - started;
                    ok += response.Status.IsSuccess ? 1 : 0;
                }

                return ok;
            }));
            await association.ReleaseAsync();
            return oks.Sum();
        })));
        clock.Stop();
        Array.Sort(latencies);
        double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        return (latencies.Length / clock.Elapsed.TotalSeconds, Micros(latencies[latencies.Length / 2]), Micros(latencies[(int)(latencies.Length * 0.99)]), successes.Sum());
    }

    internal static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
