using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using System.Threading.Tasks.Sources;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// The response our one outstanding request waits for (requests go one at a time per association, PS3.7
/// D.3.3.3 without an asynchronous operations window). Reused for every request, so waiting costs no
/// allocation: the receive loop completes it, a timeout or the end of the association fails it.
/// </summary>
internal sealed class PendingResponse : IValueTaskSource<DimseResponse>
{
    private readonly object _gate = new();
    private ManualResetValueTaskSourceCore<DimseResponse> _core = new() { RunContinuationsAsynchronously = true };
    private ushort _messageId;
    private bool _waiting;

    /// <summary>Starts waiting for the response to <paramref name="messageId"/>.</summary>
    public ValueTask<DimseResponse> Wait(ushort messageId)
    {
        lock (_gate)
        {
            _core.Reset();
            _messageId = messageId;
            _waiting = true;
            return new ValueTask<DimseResponse>(this, _core.Version);
        }
    }

    /// <summary>Completes the wait when the response answers the request waited for; false for any other message ID.</summary>
    public bool TryComplete(ushort messageIdBeingRespondedTo, DimseCommand command, DicomDataset? dataset)
    {
        lock (_gate)
        {
            if (!_waiting || messageIdBeingRespondedTo != _messageId)
            {
                return false;
            }

            _waiting = false;
            try
            {
                _core.SetResult(DimseResponse.FromCommand(command, dataset));
            }
            catch (Exception ex)
            {
                _core.SetException(ex);
            }

            return true;
        }
    }

    public void Fail(Exception error)
    {
        lock (_gate)
        {
            if (_waiting)
            {
                _waiting = false;
                _core.SetException(error);
            }
        }
    }

    public DimseResponse GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
