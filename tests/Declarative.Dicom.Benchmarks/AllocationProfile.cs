using System.Diagnostics.Tracing;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `-- --allocations [N] [--acceptor]`: runs N round trips of the N-EVENT-REPORT benchmark (or of the acceptor alone) and prints which types the
/// garbage is made of, from the runtime's sampled allocation events (one per ~100 KB allocated), so that
/// the per-message garbage BenchmarkDotNet reports can be taken apart.
/// </summary>
internal sealed class AllocationProfile : EventListener
{
    private const int GCKeyword = 0x1;
    private readonly Dictionary<string, long> _bytesByType = new();
    private bool _recording;

    /// <summary>Round trips of <see cref="RoundTripBenchmarks"/> (both sides ours), or with <paramref name="acceptorOnly"/> of <see cref="AcceptorBenchmarks"/> (a requestor that allocates nothing).</summary>
    public static async Task RunAsync(int roundTrips, bool acceptorOnly)
    {
        (long Total, AllocationProfile Profile) measured;
        if (acceptorOnly)
        {
            var acceptor = new AcceptorBenchmarks();
            await acceptor.SetupAsync();
            measured = await MeasureAsync(acceptor.Acceptor, roundTrips);
            await acceptor.CleanupAsync();
        }
        else
        {
            var both = new RoundTripBenchmarks();
            await both.SetupAsync();
            measured = await MeasureAsync(both.EventReport, roundTrips);
            await both.CleanupAsync();
        }

        var (total, profile) = measured;
        Console.WriteLine($"{roundTrips} round trips, {total / (double)roundTrips:F0} B allocated per round trip ({(acceptorOnly ? "the acceptor: the requestor allocates nothing" : "both sides")}, whole process)");
        profile.Print(Console.Out, total, roundTrips);
    }

    /// <summary>Warms up, then counts what <paramref name="roundTrips"/> calls allocate; awaited in one loop, so the loop itself allocates nothing per call.</summary>
    private static async Task<(long Total, AllocationProfile Profile)> MeasureAsync<T>(Func<ValueTask<T>> roundTrip, int roundTrips)
    {
        for (var i = 0; i < 2_000; i++)
        {
            await roundTrip(); // warm up: tiered JIT, pools
        }

        var profile = new AllocationProfile();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        profile._recording = true;
        for (var i = 0; i < roundTrips; i++)
        {
            await roundTrip();
        }

        profile._recording = false;
        var total = GC.GetTotalAllocatedBytes(precise: true) - before;
        profile.Dispose();
        return (total, profile);
    }

    /// <summary>Starts sampling now (the acceptor process of `load --server-process` with --profile).</summary>
    public static AllocationProfile StartRecording() => new() { _recording = true };

    /// <summary>The sampled types, each as a share of <paramref name="total"/> bytes spread over <paramref name="messages"/>.</summary>
    public void Print(TextWriter output, long total, long messages)
    {
        _recording = false;
        var sampled = Math.Max(1, _bytesByType.Values.Sum());
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(25))
        {
            output.WriteLine($"{bytes * 100.0 / sampled,6:F1} %  ~{total * (bytes / (double)sampled) / messages,6:F0} B  {type}");
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)GCKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName != "GCAllocationTick_V4" || e.Payload is null)
        {
            return;
        }

        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("AllocationAmount64")]);
        lock (_bytesByType)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }
}
