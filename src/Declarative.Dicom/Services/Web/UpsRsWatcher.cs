using System.Buffers;
using System.Net.WebSockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.Web;

/// <summary>
/// Feeds an application's <c>[EventReport(SopClass.UnifiedProcedureStepEvent, …)]</c> handlers from a UPS-RS origin
/// server's notification connection (PS3.18 8.10.4) instead of an association: the same handler class, the same typed Event
/// Information. It opens the connection, subscribes what it watches, and dispatches each message in order. A connection
/// that drops is opened again (backing off), the subscriptions are made again — which queues a fresh State Report of every
/// watched workitem behind whatever was missed — and every watched workitem is read again and reported by
/// <see cref="Resynchronized"/>, so that a gap is never silent.
/// </summary>
public sealed class UpsRsWatcher : IAsyncDisposable
{
    private readonly UpsRsClient _client;
    private readonly IDicomServiceHandler _handler;
    private readonly UpsRsWatcherOptions _options;
    private readonly ILogger _logger;
    private readonly List<(string Target, bool DeletionLock, string[]? Filter)> _targets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private bool _subscribed;

    /// <param name="client">The origin server.</param>
    /// <param name="aeTitle">The subscriber's AE title: its subscriptions and connection are the origin server's by this name.</param>
    /// <param name="handler">The dispatch of the application's handler class (the generated <see cref="IDicomServiceHandler"/>).</param>
    /// <param name="options">Reconnection and limits; null: defaults.</param>
    /// <param name="logger">Connections and drops at Information and Warning, skipped messages and refusing handlers at Error.</param>
    public UpsRsWatcher(UpsRsClient client, string aeTitle, IDicomServiceHandler handler, UpsRsWatcherOptions? options = null, ILogger? logger = null)
    {
        _client = client;
        AETitle = aeTitle;
        _handler = handler;
        _options = options ?? new UpsRsWatcherOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    public string AETitle { get; }

    /// <summary>The connection is open and the subscriptions made (again).</summary>
    public event Action? Connected;

    /// <summary>The connection dropped, and why; a reconnection follows.</summary>
    public event Action<string>? Disconnected;

    /// <summary>After each (re)connection, a watched workitem as the origin server has it now; null when it no longer exists.</summary>
    public event Action<string, DicomDataset?>? Resynchronized;

    /// <summary>A message was dispatched: its Message ID, and the status the handler answered (a failure is logged: there is no one to tell).</summary>
    public event Action<ushort, NEventReportRequest, DimseStatus>? Dispatched;

    /// <summary>Watches one workitem (before <see cref="StartAsync"/>).</summary>
    public UpsRsWatcher Watch(string workitemUid, bool deletionLock = false)
    {
        _targets.Add((workitemUid, deletionLock, null));
        return this;
    }

    /// <summary>Watches the whole worklist, or the workitems matching <paramref name="filter"/> (<c>attribute=value</c> each).</summary>
    public UpsRsWatcher WatchWorklist(params string[] filter)
    {
        _targets.Add(filter.Length == 0
            ? (WellKnownSopInstance.UPSGlobalSubscription, false, null)
            : (WellKnownSopInstance.UPSFilteredGlobalSubscription, false, filter));
        return this;
    }

    /// <summary>
    /// Connects and subscribes; returns once the first connection is up, or throws why it could not be (and does not retry).
    /// Later drops are reconnected.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _loop ??= Task.Run(RunAsync);
        using var registration = cancellationToken.Register(() => _firstConnection.TrySetCanceled(cancellationToken));
        await _firstConnection.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_options.UnsubscribeOnDispose && _subscribed)
        {
            foreach (var (target, _, _) in _targets)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _client.UnsubscribeAsync(target, AETitle, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    _logger.LogWarning("UPS-RS watcher {AETitle}: could not unsubscribe from {Target}: {Reason}", AETitle, target, ex.Message);
                }
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var delay = _options.FirstReconnectDelay;
        while (!_stop.IsCancellationRequested)
        {
            string reason;
            try
            {
                using var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
                _options.ConfigureWebSocket?.Invoke(socket.Options);
                if (await _client.AccessTokenAsync(_stop.Token).ConfigureAwait(false) is { } token)
                {
                    socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
                }

                await socket.ConnectAsync(_client.NotificationUri(AETitle), _stop.Token).ConfigureAwait(false);
                // PS3.18 11.10: the connection first, then the subscriptions, whose initial State Reports it then carries.
                var receiving = ReceiveAsync(socket);
                await SubscribeAndResynchronizeAsync().ConfigureAwait(false);
                _subscribed = true;
                delay = _options.FirstReconnectDelay;
                _logger.LogInformation("UPS-RS watcher {AETitle}: connected to {Uri}, {Count} subscription(s) made", AETitle, _client.NotificationUri(AETitle), _targets.Count);
                Connected?.Invoke();
                _firstConnection.TrySetResult();
                reason = await receiving.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or UpsRsRefusedException or IOException or DicomDataException)
            {
                reason = ex.Message;
                if (_firstConnection.TrySetException(ex))
                {
                    // The first start fails with why (a wrong URL, a refused subscription, no permission): nothing to resume.
                    return;
                }
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _logger.LogWarning("UPS-RS watcher {AETitle}: connection lost ({Reason}); reconnecting in {Delay} ms", AETitle, reason, (int)delay.TotalMilliseconds);
            Disconnected?.Invoke(reason);
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(_options.MaxReconnectDelay.Ticks, delay.Ticks * 2));
        }
    }

    /// <summary>Makes every subscription (again) and reads every watched workitem (again).</summary>
    private async Task SubscribeAndResynchronizeAsync()
    {
        foreach (var (target, deletionLock, filter) in _targets)
        {
            var subscribed = await _client.SubscribeAsync(target, AETitle, deletionLock, filter, _stop.Token).ConfigureAwait(false);
            if (!subscribed.IsSuccess)
            {
                throw new UpsRsRefusedException($"Subscribe to {target} answered {subscribed}");
            }
        }

        foreach (var (target, _, filter) in _targets)
        {
            if (target is WellKnownSopInstance.UPSGlobalSubscription or WellKnownSopInstance.UPSFilteredGlobalSubscription)
            {
                var keys = (filter ?? []).Select(f => f.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : string.Empty))
                    .Append(new KeyValuePair<string, string>("includefield", "all"));
                var found = await _client.SearchAsync(keys, _stop.Token).ConfigureAwait(false);
                foreach (var workitem in found.Datasets)
                {
                    Resynchronized?.Invoke(workitem.GetStringOrDefault(DicomTag.SOPInstanceUID) ?? string.Empty, workitem);
                }
            }
            else
            {
                var read = await _client.RetrieveAsync(target, _stop.Token).ConfigureAwait(false);
                Resynchronized?.Invoke(target, read.IsSuccess && read.Datasets.Count == 1 ? read.Datasets[0] : null);
            }
        }
    }

    /// <summary>Dispatches each message in order until the connection ends; why it ended.</summary>
    private async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            ValueWebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(memory, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "The watcher stops.").ConfigureAwait(false);
                throw;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return $"closed by the origin server ({socket.CloseStatus} {socket.CloseStatusDescription})";
            }

            buffer.Advance(received.Count);
            if (buffer.WrittenCount > _options.MaxMessageBytes)
            {
                await CloseAsync(socket, WebSocketCloseStatus.MessageTooBig, "An event report is not that large.").ConfigureAwait(false);
                return $"a message over {_options.MaxMessageBytes} bytes";
            }

            if (!received.EndOfMessage)
            {
                continue;
            }

            await DispatchAsync(buffer.WrittenSpan.ToArray()).ConfigureAwait(false);
            buffer.Clear();
        }
    }

    private async Task DispatchAsync(byte[] message)
    {
        NEventReportRequest report;
        ushort messageId;
        try
        {
            (report, messageId) = UpsEventFrame.Read(message);
        }
        catch (DicomDataException ex)
        {
            // One bad message is logged and skipped: the connection and the reports behind it stay.
            _logger.LogError("UPS-RS watcher {AETitle}: a message that is no event report was skipped: {Reason}", AETitle, ex.Message);
            return;
        }

        DimseStatus status;
        try
        {
            status = (await _handler.HandleAsync(report, _stop.Token).ConfigureAwait(false)).Status;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "UPS-RS watcher {AETitle}: the handler failed on event type {EventType} of {Workitem}", AETitle, report.EventTypeId, report.SopInstanceUid);
            status = DimseStatus.ProcessingFailure;
        }

        if (!status.AllowsReplyDataset)
        {
            // A DIMSE peer would be answered this and send again; a notification connection has no answer, so it is said here.
            _logger.LogError("UPS-RS watcher {AETitle}: the handler answered {Status} to event type {EventType} of {Workitem}; the origin server is not told",
                AETitle, status, report.EventTypeId, report.SopInstanceUid);
        }

        Dispatched?.Invoke(messageId, report, status);
    }

    private static async Task CloseAsync(ClientWebSocket socket, WebSocketCloseStatus status, string description)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                socket.Abort();
            }
        }
    }
}

/// <summary>The origin server refused a subscription the watcher needs.</summary>
public sealed class UpsRsRefusedException(string message) : Exception(message);
