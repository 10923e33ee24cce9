using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network;

/// <summary>
/// Gives memory back to the operating system after a receive spike is over (<see cref="ReceiveBudget.Drained"/>): the GC
/// would otherwise keep the heap it grew to until enough is allocated again, which on an idle node is never, and the
/// process would stay hundreds of MiB above where it started. A second after the spike (aborted associations finish
/// closing) one aggressive, compacting collection returns the freed segments and trims the shared buffer pool; at most
/// one such collection every <see cref="MinimumInterval"/>, so a sustained attack cannot make the node collect in a loop.
/// </summary>
internal sealed class MemoryRelease(ILogger logger)
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    private long _lastRelease = Stopwatch.GetTimestamp() - (long)(MinimumInterval.TotalSeconds * Stopwatch.Frequency);
    private int _scheduled;

    public void Schedule(long peakBytes)
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var sinceLast = Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRelease));
                await Task.Delay(sinceLast < MinimumInterval ? MinimumInterval - sinceLast : Delay).ConfigureAwait(false);
                var before = Environment.WorkingSet;
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                Interlocked.Exchange(ref _lastRelease, Stopwatch.GetTimestamp());
                NetworkLog.MemoryReleased(logger, peakBytes / (1024 * 1024), before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024));
            }
            finally
            {
                Interlocked.Exchange(ref _scheduled, 0);
            }
        });
    }
}
