namespace Declarative.Dicom.Web;

/// <summary>Settings of a <see cref="UpsRsWatcher"/>.</summary>
public sealed class UpsRsWatcherOptions
{
    /// <summary>The wait before the first reconnection after a drop; it doubles after each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan FirstReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A message larger than this closes the connection (1009): an event report is kilobytes.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Unsubscribe when the watcher is disposed (false: the subscriptions outlive it, and a later watcher resumes them).</summary>
    public bool UnsubscribeOnDispose { get; set; } = true;

    /// <summary>Settings of the notification connection's socket: a client certificate, the check of the server's, a proxy.</summary>
    public Action<System.Net.WebSockets.ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>How often the socket is pinged while idle.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);
}
