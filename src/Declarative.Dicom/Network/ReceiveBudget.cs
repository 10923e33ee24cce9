namespace Declarative.Dicom.Network;

/// <summary>
/// The bytes of partly received messages a server holds at once, shared by all its associations. An association
/// reserves each dataset fragment before keeping it; one that would go over the budget is aborted instead, so a
/// flood of never-ending datasets costs at most the budget, however many associations carry it.
/// </summary>
public sealed class ReceiveBudget
{
    private long _inFlight;
    private long _highWater;

    public ReceiveBudget(long limit) => Limit = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), "A budget must be positive.");

    /// <summary>No limit beyond each association's own (a requestor's).</summary>
    public static ReceiveBudget Unlimited { get; } = new(long.MaxValue);

    public long Limit { get; }

    /// <summary>Bytes reserved now, on all associations.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The most bytes held at once since the last <see cref="Drained"/> (or since the start).</summary>
    public long HighWater => Interlocked.Read(ref _highWater);

    /// <summary>
    /// Raised, with the high-water mark, when the bytes in flight fall to zero after they had reached a quarter of the limit:
    /// a spike (a flood of hostile datasets, a burst of large ones) is over, and what it made the process take can be given back.
    /// The high-water mark starts again from zero.
    /// </summary>
    public event Action<long>? Drained;

    public bool TryReserve(long bytes)
    {
        var reserved = Interlocked.Add(ref _inFlight, bytes);
        if (reserved <= Limit && reserved >= 0)
        {
            long seen;
            while (reserved > (seen = Interlocked.Read(ref _highWater)) && Interlocked.CompareExchange(ref _highWater, reserved, seen) != seen)
            {
            }

            return true;
        }

        Interlocked.Add(ref _inFlight, -bytes);
        return false;
    }

    public void Release(long bytes)
    {
        if (bytes > 0 && Interlocked.Add(ref _inFlight, -bytes) == 0 && Limit != long.MaxValue)
        {
            var peak = Interlocked.Read(ref _highWater);
            if (peak >= Limit / 4 && Interlocked.CompareExchange(ref _highWater, 0, peak) == peak)
            {
                Drained?.Invoke(peak);
            }
        }
    }
}
