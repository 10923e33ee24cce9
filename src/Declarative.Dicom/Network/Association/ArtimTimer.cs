using System.Diagnostics;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// The Association Request/Reject/Release Timer of PS3.8 section 9.1.5. It does not run a thread of
/// its own: the association's receive loop bounds each read by the time the timer has left, and an
/// expired read is event Evt18.
/// </summary>
internal sealed class ArtimTimer
{
    private long _startedAt;

    public ArtimTimer(TimeSpan timeout) => Timeout = timeout;

    public TimeSpan Timeout { get; }

    public bool IsRunning { get; private set; }

    /// <summary>Starts the timer, or restarts it if it runs (AA-1: "start or restart").</summary>
    public void Start()
    {
        _startedAt = Stopwatch.GetTimestamp();
        IsRunning = true;
    }

    public void Stop() => IsRunning = false;

    public TimeSpan Remaining
    {
        get
        {
            var left = Timeout - Stopwatch.GetElapsedTime(_startedAt);
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }
}
