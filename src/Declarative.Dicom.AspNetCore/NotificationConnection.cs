using System.Net.WebSockets;

namespace Declarative.Dicom.AspNetCore;

/// <summary>One subscriber's notification connection: its socket, its Message IDs, the wake-up of its delivery and how it ends.</summary>
internal sealed class NotificationConnection : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly SemaphoreSlim _wake = new(0);
    private int _messageId;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeDescription = "Closing.";

    public NotificationConnection(string aeTitle, WebSocket socket, CancellationToken aborted)
    {
        AETitle = aeTitle;
        Socket = socket;
        Aborted = aborted;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
    }

    public string AETitle { get; }

    public WebSocket Socket { get; }

    /// <summary>The request's: the connection is gone.</summary>
    public CancellationToken Aborted { get; }

    /// <summary>Delivery ends: the socket failed or closed, a newer connection replaced this one, or a rule was broken.</summary>
    public CancellationToken Stopping => _stop.Token;

    public string? CloseReason { get; private set; }

    /// <summary>The next Message ID of this connection, 1 to 65535 and round again.</summary>
    public ushort NextMessageId()
    {
        var id = (ushort)Interlocked.Increment(ref _messageId);
        return id == 0 ? NextMessageId() : id;
    }

    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // Woken as it ended.
        }
    }

    public async Task WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _wake.WaitAsync(timeout, Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the delivery loop sees it.
        }
    }

    public void Replace() => Stop("replaced by a newer connection of the same AE", WebSocketCloseStatus.NormalClosure, "Replaced by a newer connection of the same AE.");

    public void Stop(string reason, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? description = null)
    {
        lock (_stop)
        {
            if (CloseReason is null)
            {
                CloseReason = reason;
                _closeStatus = status;
                _closeDescription = description ?? _closeDescription;
            }
        }

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Over already.
        }
    }

    /// <summary>Sends the close frame with the reason given to <see cref="Stop"/>, when the socket can still take one.</summary>
    public async Task CloseAsync()
    {
        if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Socket.CloseOutputAsync(_closeStatus, _closeDescription, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Socket.Abort();
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _wake.Dispose();
    }
}
