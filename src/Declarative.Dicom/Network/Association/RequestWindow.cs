using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// Our requests outstanding on one association: as many at once as the negotiated asynchronous operations window
/// lets us invoke (PS3.7 D.3.3.3; one, the synchronous default, when none was negotiated). Each request in flight
/// holds a slot, reused from request to request, with its own command, dataset buffer, pending response and DIMSE
/// timer, so that sending costs no allocation; a response finds its slot by the Message ID it answers.
/// </summary>
internal sealed class RequestWindow : IDisposable
{
    private readonly SemaphoreSlim _available;
    private readonly RequestSlot[] _slots;

    public RequestWindow(int size)
    {
        _available = new SemaphoreSlim(size, size);
        _slots = new RequestSlot[size];
        for (var i = 0; i < size; i++)
        {
            _slots[i] = new RequestSlot();
        }
    }

    public int Size => _slots.Length;

    /// <summary>Waits for room in the window, then takes a free slot; give it back with <see cref="Return"/>.</summary>
    public async ValueTask<RequestSlot> RentAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_slots)
        {
            foreach (var slot in _slots)
            {
                if (!slot.InUse)
                {
                    slot.InUse = true;
                    return slot;
                }
            }
        }

        throw new InvalidOperationException("The request window counted a free slot it does not have.");
    }

    public void Return(RequestSlot slot)
    {
        lock (_slots)
        {
            slot.InUse = false;
        }

        _available.Release();
    }

    /// <summary>Completes the request this response answers; false when no request in flight has that Message ID.</summary>
    public bool TryComplete(ushort messageIdBeingRespondedTo, DimseCommand command, DicomDataset? dataset)
    {
        foreach (var slot in _slots)
        {
            if (slot.Pending.TryComplete(messageIdBeingRespondedTo, command, dataset))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The association ended: every request still waiting fails with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        foreach (var slot in _slots)
        {
            slot.Pending.Fail(error);
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.Dispose();
        }

        // The semaphore is not disposed: a request ending as the association ends still gives its slot back.
    }
}

/// <summary>What one request in flight uses, reused by the next request that takes the slot.</summary>
internal sealed class RequestSlot : IDisposable
{
    private CancellationTokenSource _timer = new();
    private volatile bool _disposed;

    public bool InUse { get; set; }

    /// <summary>1 while this slot's request is on its way to the writer (counted in the association's writers waiting).</summary>
    public int WriterAnnounced;

    public DimseCommand Command { get; } = new();

    private ByteBuffer? _datasetBuffer;

    /// <summary>The request's dataset, encoded; made on first use (most requests of a wide window carry none, or small ones).</summary>
    public ByteBuffer DatasetBuffer => _datasetBuffer ??= new ByteBuffer(4096);

    public PendingResponse Pending { get; } = new();

    /// <summary>
    /// Arms the DIMSE timeout for this slot's request on its reused timer: when it fires (or the caller cancels)
    /// the pending wait fails. The returned registrations end with the request. An <see cref="ObjectDisposedException"/>
    /// when the association ended (and disposed its window) while the request was being prepared.
    /// </summary>
    public DimseWait Arm(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_timer.TryReset())
        {
            _timer.Dispose();
            _timer = new CancellationTokenSource();
        }

        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            _timer.CancelAfter(timeout);
        }

        var timer = _timer.Token.UnsafeRegister(static state => ((PendingResponse)state!).Fail(new TimeoutException()), Pending);
        var caller = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((PendingResponse)state!).Fail(new OperationCanceledException(token)), Pending)
            : default;
        return new DimseWait(timer, caller);
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }

    /// <summary>The two registrations of a request's wait, undone together when the request ends.</summary>
    public readonly struct DimseWait(CancellationTokenRegistration timer, CancellationTokenRegistration caller) : IDisposable
    {
        public void Dispose()
        {
            timer.Dispose();
            caller.Dispose();
        }
    }
}
