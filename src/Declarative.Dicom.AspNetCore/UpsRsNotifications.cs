using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Declarative.Dicom.AspNetCore;

/// <summary>
/// The notification connections this node holds (PS3.18 8.10.4), one per subscriber AE, and the delivery of their
/// subscribers' event reports from the UPS workflow's outbox: the same reports, in the same order, that DIMSE subscribers
/// get by N-EVENT-REPORT. A report leaves the outbox only once it was written to the socket; one that could not be is due
/// again at once, for the subscriber's next connection — on this node or another, since the store leases a subscriber's
/// reports to the node that asks for them. Each connection numbers its messages itself (PS3.18 11.13).
/// </summary>
public sealed class UpsRsNotifications
{
    private readonly ReportOutbox _outbox;
    private readonly UpsRsOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, NotificationConnection> _connections = new(StringComparer.Ordinal);

    public UpsRsNotifications(ReportOutbox outbox, IOptions<UpsRsOptions> options, ILogger<UpsRsNotifications> logger)
    {
        _outbox = outbox;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The AE titles with a notification connection on this node.</summary>
    public IReadOnlyCollection<string> Connected => [.. _connections.Keys];

    /// <summary>Raised after a report was written to a subscriber's socket and removed from the outbox.</summary>
    public event Action<string, OutboxReport>? Delivered;

    private int _reserved;

    /// <summary>
    /// Takes one of the <see cref="UpsRsOptions.MaxNotificationConnections"/> places before the upgrade is answered, so that
    /// connections opened at once cannot all pass the check; false when none is left. <see cref="Release"/> gives it back.
    /// </summary>
    internal bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) <= _options.MaxNotificationConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref _reserved);
        return false;
    }

    internal void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>
    /// Serves <paramref name="aeTitle"/>'s connection until either side closes it: a newer connection of the same AE takes
    /// its place. The user agent sends nothing on it (PS3.18 8.10.4); a message from it closes the connection (1008).
    /// </summary>
    internal async Task ServeAsync(string aeTitle, WebSocket socket, CancellationToken aborted)
    {
        using var connection = new NotificationConnection(aeTitle, socket, aborted);
        if (_connections.TryGetValue(aeTitle, out var older))
        {
            older.Replace();
        }

        _connections[aeTitle] = connection;
        _outbox.ReportsQueued += connection.Wake;
        UpsRsLog.Connected(_logger, aeTitle, _connections.Count);
        try
        {
            var receiving = ReceiveAsync(connection);
            await DeliverAsync(connection).ConfigureAwait(false);
            await connection.CloseAsync().ConfigureAwait(false);
            // The user agent answers the close frame; one that does not is cut off.
            if (await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != receiving)
            {
                socket.Abort();
            }

            await receiving.ConfigureAwait(false);
        }
        finally
        {
            _outbox.ReportsQueued -= connection.Wake;
            _connections.TryRemove(new KeyValuePair<string, NotificationConnection>(aeTitle, connection));
            UpsRsLog.Disconnected(_logger, aeTitle, connection.CloseReason ?? "closed");
        }
    }

    private async Task DeliverAsync(NotificationConnection connection)
    {
        var destination = ReportDestination.OnChannel(ReportDestination.WebSocket, connection.AETitle);
        var pollInterval = _outbox.Options.PollInterval;
        while (!connection.Stopping.IsCancellationRequested)
        {
            IReadOnlyList<OutboxReport> due;
            try
            {
                due = await _outbox.Store.DueForAsync(destination, DateTimeOffset.UtcNow, 64, connection.Stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connection.Stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                UpsRsLog.StoreFailed(_logger, connection.AETitle, ex);
                await connection.WaitAsync(pollInterval).ConfigureAwait(false);
                continue;
            }

            if (due.Count == 0)
            {
                await connection.WaitAsync(pollInterval).ConfigureAwait(false);
                continue;
            }

            await SendAsync(connection, due).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the reports in order; those written leave the outbox, the rest are due again for the next connection.</summary>
    private async Task SendAsync(NotificationConnection connection, IReadOnlyList<OutboxReport> reports)
    {
        var written = new List<OutboxReport>(reports.Count);
        var expired = new List<OutboxReport>();
        Exception? failure = null;
        foreach (var report in reports)
        {
            if (DateTimeOffset.UtcNow > report.ExpiresAt)
            {
                expired.Add(report);
                continue;
            }

            if (failure is not null)
            {
                continue;
            }

            try
            {
                var information = report.EventInformation is null ? null : DicomDataset.Decode(report.EventInformation, DicomTransferSyntax.ExplicitVRLittleEndian);
                var message = UpsEventFrame.Write(new NEventReportRequest(report.SopClassUid, report.SopInstanceUid, report.EventTypeId, information), connection.NextMessageId());
                await connection.Socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, connection.Stopping).ConfigureAwait(false);
                written.Add(report);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                failure = ex;
            }
        }

        try
        {
            await _outbox.Store.RemoveAsync([.. written.Concat(expired).Select(r => r.Id)], CancellationToken.None).ConfigureAwait(false);
            foreach (var report in written)
            {
                Delivered?.Invoke(connection.AETitle, report);
            }

            foreach (var report in expired)
            {
                UpsRsLog.Expired(_logger, connection.AETitle, report.EventTypeId, report.SopInstanceUid);
            }

            if (failure is not null)
            {
                foreach (var report in reports.Except(written).Except(expired))
                {
                    // Due at once: the subscriber's next connection (here or on another node) takes it, in order.
                    await _outbox.Store.RescheduleAsync(report.Id, report.Attempts + 1, DateTimeOffset.UtcNow, failure.Message, CancellationToken.None).ConfigureAwait(false);
                }

                connection.Stop(failure.Message);
            }
        }
        catch (Exception ex)
        {
            // The store failed after the socket took them: those written may be sent again (at least once); nothing is lost.
            UpsRsLog.StoreFailed(_logger, connection.AETitle, ex);
        }
    }

    /// <summary>
    /// Reads until the user agent closes. A data message is not part of the protocol: the connection is closed (1008), and
    /// what the user agent sends after it is read into a small buffer and dropped until its close frame or the time-out.
    /// </summary>
    private async Task ReceiveAsync(NotificationConnection connection)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var received = await connection.Socket.ReceiveAsync(buffer, connection.Aborted).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    connection.Stop("closed by the user agent");
                    return;
                }

                if (!connection.Stopping.IsCancellationRequested)
                {
                    UpsRsLog.MessageRefused(_logger, connection.AETitle, received.MessageType.ToString(), received.Count);
                    connection.Stop("a message from the user agent", WebSocketCloseStatus.PolicyViolation, "This channel carries no messages from the user agent.");
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            connection.Stop(ex.Message);
        }
    }
}
