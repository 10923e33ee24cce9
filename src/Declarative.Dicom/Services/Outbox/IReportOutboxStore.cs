namespace Declarative.Dicom.Outbox;

/// <summary>
/// Where the outbox keeps reports until they are answered: a SQLite file by default
/// (<see cref="SqliteReportOutboxStore"/>); a shared database can take its place behind this interface.
/// Every method is durable when it returns.
/// </summary>
public interface IReportOutboxStore
{
    Task AddAsync(OutboxReport report, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reports to AE titles (not a channel's subscribers: <see cref="ReportDestination"/>) whose next attempt is due at <paramref name="now"/>, oldest first; an <see cref="OutboxReport.Ordered"/> one not
    /// while an older ordered report about the same SOP instance to the same destination is not due yet. A store shared by
    /// several nodes hands each report to one of them: what it returns is leased to the caller until it is removed or
    /// rescheduled, or until the lease runs out (the node died), and a destination's reports go to one node at a time.
    /// </summary>
    Task<IReadOnlyList<OutboxReport>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// The due reports of one destination — a notification channel's subscriber, taken by the node that holds its connection —,
    /// oldest first, under the rules of <see cref="DueAsync"/> (order, and a shared store's lease of the destination to one node).
    /// </summary>
    Task<IReadOnlyList<OutboxReport>> DueForAsync(string destination, DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>All reports still waiting, for operators and tests.</summary>
    Task<IReadOnlyList<OutboxReport>> PendingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The reports still waiting for one destination about one SOP instance, oldest first (a repeated storage-commitment
    /// request asks whether its report is still on its way). The stores answer it from an index; this default reads them all.
    /// </summary>
    async Task<IReadOnlyList<OutboxReport>> PendingAsync(string destinationAETitle, string sopInstanceUid, CancellationToken cancellationToken = default) =>
        [.. (await PendingAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.DestinationAETitle == destinationAETitle && r.SopInstanceUid == sopInstanceUid)];

    /// <summary>
    /// Forgets the reports that expired before <paramref name="now"/> and returns them: those of a channel's subscriber that
    /// never came back, which no delivery loop looks at (the outbox's own drops what it meets). The stores delete them in one
    /// statement; this default reads them all.
    /// </summary>
    async Task<IReadOnlyList<OutboxReport>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var expired = (await PendingAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.ExpiresAt < now).ToList();
        await RemoveAsync([.. expired.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        return expired;
    }

    /// <summary>Records a failed attempt and when to try again.</summary>
    Task RescheduleAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken = default);

    /// <summary>Forgets a report: it was answered, or it expired.</summary>
    Task RemoveAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Forgets the reports an association delivered, in one write.</summary>
    Task RemoveAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default);
}
