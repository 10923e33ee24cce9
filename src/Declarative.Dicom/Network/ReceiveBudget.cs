namespace Declarative.Dicom.Network;

/// <summary>
/// The bytes of partly received messages a server holds at once, shared by all its associations. An association
/// reserves each dataset fragment before keeping it; one that would go over the budget is aborted instead, so a
/// flood of never-ending datasets costs at most the budget, however many associations carry it.
/// </summary>
public sealed class ReceiveBudget
{
    private long _inFlight;

    public ReceiveBudget(long limit) => Limit = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), "A budget must be positive.");

    /// <summary>No limit beyond each association's own (a requestor's).</summary>
    public static ReceiveBudget Unlimited { get; } = new(long.MaxValue);

    public long Limit { get; }

    /// <summary>Bytes reserved now, on all associations.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public bool TryReserve(long bytes)
    {
        var reserved = Interlocked.Add(ref _inFlight, bytes);
        if (reserved <= Limit && reserved >= 0)
        {
            return true;
        }

        Interlocked.Add(ref _inFlight, -bytes);
        return false;
    }

    public void Release(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _inFlight, -bytes);
        }
    }
}
