using System.Diagnostics.Tracing;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `-- --allocations [N]`: runs N round trips of the N-EVENT-REPORT benchmark and prints which types the
/// garbage is made of, from the runtime's sampled allocation events (one per ~100 KB allocated), so that
/// the per-message garbage BenchmarkDotNet reports can be taken apart.
/// </summary>
internal sealed class AllocationProfile : EventListener
{
    private const int GCKeyword = 0x1;
    private readonly Dictionary<string, long> _bytesByType = new();
    private bool _recording;

    public static async Task RunAsync(int roundTrips)
    {
        var benchmarks = new RoundTripBenchmarks();
        await benchmarks.SetupAsync();
        for (var i = 0; i < 2_000; i++)
        {
            await benchmarks.EventReport(); // warm up: tiered JIT, pools
        }

        using var profile = new AllocationProfile();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        profile._recording = true;
        for (var i = 0; i < roundTrips; i++)
        {
            await benchmarks.EventReport();
        }

        profile._recording = false;
        var total = GC.GetTotalAllocatedBytes(precise: true) - before;
        await benchmarks.CleanupAsync();

        Console.WriteLine($"{roundTrips} round trips, {total / (double)roundTrips:F0} B allocated per round trip (both sides, whole process)");
        profile.Print(Console.Out, total, roundTrips);
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
