using Declarative.Dicom.Network;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// What the load profile's listeners share: they count what their handler saw, so that nothing answered can be
/// missing, and note what the process had allocated after the warm-up and at the end.
/// </summary>
public abstract class LoadCounter
{
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Completed when the handler has seen this many reports (the server process's cue to report and exit).</summary>
    public TaskCompletionSource AllReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Expected { get; init; } = long.MaxValue;

    /// <summary>Bytes the process had allocated when the handler saw the first tenth of the expected reports (set once, in Release a few calls in).</summary>
    public long AllocatedAfterWarmUp { get; private set; }

    /// <summary>Bytes the process had allocated when the handler saw the last expected report.</summary>
    public long AllocatedAtEnd { get; private set; }

    /// <summary>The first tenth: association set-up, JIT tiers and pools filling, left out of the per-message figure.</summary>
    public long WarmUp => Expected / 10;

    /// <summary>The listener `load` and `serve` use: answering at once, or after <paramref name="waitMs"/> (overlapping if <paramref name="concurrent"/>).</summary>
    public static LoadCounter Create(long expected, int waitMs, bool concurrent) => waitMs <= 0
        ? new CountingListener { Expected = expected }
        : concurrent
            ? new ConcurrentWaitingListener { Expected = expected, WaitMs = waitMs }
            : new WaitingListener { Expected = expected, WaitMs = waitMs };

    public IDicomServiceHandler Handler => (IDicomServiceHandler)this;

    /// <summary>What `--wait-ms` handlers do: wait as a handler that writes to a database or asks another peer would, then count.</summary>
    protected async Task<DimseStatus> WaitThenCountAsync(int waitMs)
    {
        await Task.Delay(waitMs);
        return Count();
    }

    protected DimseStatus Count()
    {
        var seen = Interlocked.Increment(ref _received);
        if (seen == WarmUp)
        {
            AllocatedAfterWarmUp = GC.GetTotalAllocatedBytes(precise: true);
        }

        if (seen == Expected)
        {
            AllocatedAtEnd = GC.GetTotalAllocatedBytes(precise: true);
            AllReceived.TrySetResult();
        }

        return DimseStatus.Success;
    }
}

/// <summary>Answers at once: the acceptor's own cost.</summary>
public partial class CountingListener : LoadCounter
{
    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report) => Count();
}

/// <summary>`--wait-ms D`: waits D ms before answering, as a handler that writes to a database or asks another peer does; one call at a time.</summary>
public partial class WaitingListener : LoadCounter
{
    public int WaitMs { get; init; }

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public Task<DimseStatus> OnCommitted(StorageCommitmentSuccessful report) => WaitThenCountAsync(WaitMs);
}

/// <summary>`--wait-ms D --concurrent`: the same wait, opted in to overlap the association's next requests.</summary>
public partial class ConcurrentWaitingListener : LoadCounter
{
    public int WaitMs { get; init; }

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    [ConcurrentHandler]
    public Task<DimseStatus> OnCommitted(StorageCommitmentSuccessful report) => WaitThenCountAsync(WaitMs);
}
