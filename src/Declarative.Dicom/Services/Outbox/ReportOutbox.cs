using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.Outbox;

/// <summary>Delivery settings of a <see cref="ReportOutbox"/>.</summary>
public sealed class ReportOutboxOptions
{
    /// <summary>Our AE title on the associations that carry the reports (when <see cref="Client"/> is not set).</summary>
    public string AETitle { get; set; } = "DECLARATIVE";

    /// <summary>A report not answered by then is dropped, with an error in the log.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The wait after the first failed attempt; it doubles after each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the store is looked at when nothing new was queued.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the expired reports no loop meets are forgotten (a UPS-RS subscriber's that never connects again), each
    /// logged as an expired report is.
    /// </summary>
    public TimeSpan ExpiryCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>All the settings of the associations that carry the reports (AE title, TLS, time-outs); null: defaults with <see cref="AETitle"/>.</summary>
    public DicomClientOptions? Client { get; set; }
}

/// <summary>
/// The durable sending side of N-EVENT-REPORT (a storage-commitment SCP's reports, MPPS/UPS notifications): a report
/// is written to the store before <see cref="EnqueueAsync"/> returns — so before the request that caused it is
/// answered —, sent on an association of its own with the SCP role (the due reports of one destination together,
/// on one association), retried with backoff while the peer is
/// unreachable or answers a failure, and dropped only when it is answered with Success or Warning, or when it
/// expires (logged). A restarted process picks up where the file left off.
/// </summary>
public sealed class ReportOutbox : IAsyncDisposable
{
    private readonly IReportOutboxStore _store;
    private readonly RemoteApplicationEntityTable _destinations;
    private readonly ReportOutboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public ReportOutbox(IReportOutboxStore store, RemoteApplicationEntityTable destinations, ReportOutboxOptions? options = null, ILogger? logger = null)
    {
        _store = store;
        _destinations = destinations;
        _options = options ?? new ReportOutboxOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    public IReportOutboxStore Store => _store;

    /// <summary>Where reports may go: a report for an AE not in the table is never delivered.</summary>
    public RemoteApplicationEntityTable Destinations => _destinations;

    /// <summary>Raised after a report was answered with Success or Warning and removed from the store.</summary>
    public event Action<OutboxReport>? Delivered;

    /// <summary>
    /// Queues a report for <paramref name="destinationAETitle"/> (an entry of the destinations table). Durable when
    /// the task completes. <paramref name="contextSopClassUid"/>: the SOP class of the presentation context, when it
    /// is not the report's own (UPS events go on a UPS Event context).
    /// </summary>
    public async Task<Guid> EnqueueAsync(string destinationAETitle, NEventReportRequest report, string? contextSopClassUid = null, CancellationToken cancellationToken = default)
    {
        var entry = Entry(destinationAETitle, report, contextSopClassUid);
        await _store.AddAsync(entry, cancellationToken).ConfigureAwait(false);
        _wake.Release();
        return entry.Id;
    }

    /// <summary>
    /// The row a report becomes, for a caller that writes it in a transaction of its own (an instance store's, so that the
    /// report commits with the change that caused it): <c>transaction.EnqueueReportAsync(outbox.Entry(…))</c>, then
    /// <see cref="Notify"/> once committed.
    /// </summary>
    /// <param name="destinationAETitle">An entry of the destinations table.</param>
    /// <param name="report">The report; its Event Information is encoded now.</param>
    /// <param name="contextSopClassUid">The SOP class of the context it goes on, when not its own.</param>
    /// <param name="ordered">Delivered only after the older ordered reports about the same instance to the same destination.</param>
    public OutboxReport Entry(string destinationAETitle, NEventReportRequest report, string? contextSopClassUid = null, bool ordered = false)
    {
        var now = DateTimeOffset.UtcNow;
        return new OutboxReport(Guid.NewGuid(), destinationAETitle, report.SopClassUid, contextSopClassUid ?? report.SopClassUid,
            report.SopInstanceUid ?? throw new ArgumentException("A report names its SOP instance.", nameof(report)), report.EventTypeId,
            report.EventInformation?.Encode(DicomTransferSyntax.ExplicitVRLittleEndian), now, now + _options.Expiry, 0, now, null, ordered);
    }

    /// <summary>
    /// Raised by <see cref="Notify"/>, here or — through a shared store's signal — on another node: a notification channel
    /// looks for its subscribers' reports (<see cref="IReportOutboxStore.DueForAsync"/>) now rather than at its next poll.
    /// </summary>
    public event Action? ReportsQueued;

    /// <summary>Delivery settings, for a channel that delivers from the same store (expiry, poll interval).</summary>
    public ReportOutboxOptions Options => _options;

    /// <summary>New reports were committed to the store by someone else: look now rather than at the next poll.</summary>
    public void Notify()
    {
        ReportsQueued?.Invoke();
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // A store's notification arrived as the outbox stopped.
        }
    }

    /// <summary>Starts delivering in the background.</summary>
    public ReportOutbox Start()
    {
        if (_loop is null && _store is IReportOutboxSignal signal)
        {
            signal.ReportsAdded += Notify; // reports committed by other nodes are looked at now, not at the next poll
        }

        _loop ??= Task.Run(DeliverLoopAsync);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is IReportOutboxSignal signal)
        {
            signal.ReportsAdded -= Notify;
        }

        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    /// <summary>How many due reports are taken from the store at a time; those of one destination share an association.</summary>
    private const int BatchSize = 64;

    private async Task DeliverLoopAsync()
    {
        var nextExpiryCheck = DateTimeOffset.UtcNow + _options.ExpiryCheckInterval;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (DateTimeOffset.UtcNow >= nextExpiryCheck)
                {
                    nextExpiryCheck = DateTimeOffset.UtcNow + _options.ExpiryCheckInterval;
                    foreach (var expired in await _store.RemoveExpiredAsync(DateTimeOffset.UtcNow, _stop.Token).ConfigureAwait(false))
                    {
                        OutboxLog.Expired(_logger, Describe(expired), expired.Attempts, expired.LastError ?? "never tried");
                    }
                }

                var due = await _store.DueAsync(DateTimeOffset.UtcNow, BatchSize, _stop.Token).ConfigureAwait(false);
                // A store that leases reports to this node keeps the batch ours from the claim until each report is answered
                // or rescheduled (renewed at a third of the lease): while it connects, while a slow destination answers, and
                // while the destinations before a report's own are served, so that no other node sends them again.
                using var renewing = new CancellationTokenSource();
                var renewal = due.Count > 0 && _store is IReportOutboxLeases leases ? RenewWhileDeliveringAsync(leases, due, renewing.Token) : Task.CompletedTask;
                try
                {
                    foreach (var destination in due.GroupBy(r => r.DestinationAETitle, StringComparer.Ordinal))
                    {
                        await DeliverAsync(destination.Key, destination.ToList()).ConfigureAwait(false);
                    }
                }
                finally
                {
                    renewing.Cancel();
                    await renewal.ConfigureAwait(false);
                }

                await _wake.WaitAsync(_options.PollInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store failed (disk full, locked file): keep the reports, try again later.
                OutboxLog.StoreFailed(_logger, ex);
                await Task.Delay(_options.PollInterval).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The due reports of one destination, oldest first, on one association that proposes every context they need:
    /// a burst of reports costs one association, not one each. A report the peer refuses (a failure status, a context
    /// it did not accept) is rescheduled alone; when the association itself fails, so are all that were not answered.
    /// </summary>
    private async Task DeliverAsync(string destinationAETitle, List<OutboxReport> reports)
    {
        var live = new List<OutboxReport>(reports.Count);
        foreach (var report in reports)
        {
            if (DateTimeOffset.UtcNow > report.ExpiresAt)
            {
                OutboxLog.Expired(_logger, Describe(report), report.Attempts, report.LastError ?? "never tried");
                await _store.RemoveAsync(report.Id, _stop.Token).ConfigureAwait(false);
            }
            else
            {
                live.Add(report);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        DicomAssociation association;
        try
        {
            var destination = _destinations.Find(destinationAETitle);
            var client = _options.Client ?? new DicomClientOptions { AETitle = _options.AETitle };
            // We are the SCP of the SOP class when we report (PS3.4), so the role is proposed (PS3.7 D.3.3.4).
            association = await DicomClient.ConnectAsync(destination,
                [.. live.Select(r => r.ContextSopClassUid).Distinct(StringComparer.Ordinal).Select(uid => new PresentationContextRequest(uid) { ScuRole = false, ScpRole = true })],
                client, cancellationToken: _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDeliveryFailure(ex))
        {
            foreach (var report in live)
            {
                await RescheduleAsync(report, ex.Message).ConfigureAwait(false);
            }

            return;
        }

        await DeliverOnAsync(association, live).ConfigureAwait(false);
    }

    private async Task RenewWhileDeliveringAsync(IReportOutboxLeases leases, IReadOnlyList<OutboxReport> reports, CancellationToken stop)
    {
        var every = leases.LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, stop).ConfigureAwait(false);
                await leases.RenewAsync([.. reports.Select(r => r.Id)], stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The association is over: its reports were removed or rescheduled, which ends their leases.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is unreachable: the lease runs out and another node may send them too (at least once).
            OutboxLog.StoreFailed(_logger, ex);
        }
    }

    private async Task DeliverOnAsync(DicomAssociation association, List<OutboxReport> live)
    {
        await using (association.ConfigureAwait(false))
        {
            // As many in flight as the negotiated asynchronous operations window allows (ReportOutboxOptions.Client.
            // MaxOperationsInvoked; one at a time without it), each answer matched to its report. A report is handed
            // to the association only once there is room for it, so that it never waits for a slot: reports that
            // waited would be released together and could reach the wire out of queue order.
            // Once an ordered report about an instance is refused, the later ordered ones about that instance wait behind it
            // (the store holds them until it is due again). With a window above one, those already in flight are not called back.
            var window = Math.Max(1, association.Info.MaxOperationsInvoked);
            var sending = new List<(OutboxReport Report, Task<DimseResponse> Response)>(live.Count);
            var refused = new HashSet<string>(StringComparer.Ordinal);
            foreach (var next in live)
            {
                if (sending.Count >= window)
                {
                    await Task.WhenAny(sending[^window].Response).ConfigureAwait(false); // its outcome is handled below
                }

                foreach (var (report, response) in sending)
                {
                    if (report.Ordered && response.IsCompleted && !(response.IsCompletedSuccessfully && response.Result.Status.AllowsReplyDataset))
                    {
                        refused.Add(report.SopInstanceUid);
                    }
                }

                if (!next.Ordered || !refused.Contains(next.SopInstanceUid))
                {
                    sending.Add((next, Send(next)));
                }
            }

            // What was answered is forgotten in one write at the end (a crash before it sends those reports again: at least once).
            var delivered = new List<(OutboxReport Report, DimseStatus Status)>(sending.Count);
            foreach (var (report, sent) in sending)
            {
                try
                {
                    var response = await sent.ConfigureAwait(false);
                    if (response.Status.AllowsReplyDataset)
                    {
                        delivered.Add((report, response.Status));
                    }
                    else
                    {
                        await RescheduleAsync(report, $"answered {response.Status}").ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (IsDeliveryFailure(ex))
                {
                    // A refused context fails this report alone; an association that is gone fails every report it did not answer.
                    await RescheduleAsync(report, ex.Message).ConfigureAwait(false);
                }
            }

            await _store.RemoveAsync([.. delivered.Select(d => d.Report.Id)], _stop.Token).ConfigureAwait(false);
            foreach (var (report, status) in delivered)
            {
                OutboxLog.Delivered(_logger, Describe(report), report.Attempts + 1, status.ToString());
                Delivered?.Invoke(report);
            }

            if (association.State != AssociationState.Sta6)
            {
                return;
            }

            try
            {
                await association.ReleaseAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (DicomAssociationException)
            {
                // Every report was answered; a release the peer fumbles changes nothing.
            }
        }

        Task<DimseResponse> Send(OutboxReport report)
        {
            var information = report.EventInformation is null ? null : DicomDataset.Decode(report.EventInformation, DicomTransferSyntax.ExplicitVRLittleEndian);
            var request = new NEventReportRequest(report.SopClassUid, report.SopInstanceUid, report.EventTypeId, information) { ContextSopClassUid = report.ContextSopClassUid };
            return association.SendAsync(request, _stop.Token).AsTask();
        }
    }

    private static bool IsDeliveryFailure(Exception ex) =>
        ex is DicomAssociationException or IOException or System.Net.Sockets.SocketException or TimeoutException or KeyNotFoundException;

    private async Task RescheduleAsync(OutboxReport report, string error)
    {
        var attempts = report.Attempts + 1;
        var delay = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, _options.FirstRetryDelay.Ticks << Math.Min(attempts - 1, 30)));
        OutboxLog.Retrying(_logger, Describe(report), attempts, error, delay.TotalSeconds);
        await _store.RescheduleAsync(report.Id, attempts, DateTimeOffset.UtcNow + delay, error, _stop.Token).ConfigureAwait(false);
    }

    private static string Describe(OutboxReport report) =>
        $"event type {report.EventTypeId} of {DicomUidDictionary.Describe(report.SopClassUid)} for {report.DestinationAETitle} ({report.Id:N})";
}
