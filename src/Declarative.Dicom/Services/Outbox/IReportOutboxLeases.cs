namespace Declarative.Dicom.Outbox;

/// <summary>
/// A store that leases due reports to the node that took them (a store shared by several nodes): while a node is still
/// delivering a batch, <see cref="ReportOutbox"/> renews the leases of the reports not yet answered, so that a slow
/// destination does not make another node send them a second time.
/// </summary>
public interface IReportOutboxLeases
{
    /// <summary>How long a lease lasts from its last renewal.</summary>
    TimeSpan LeaseDuration { get; }

    /// <summary>Extends the leases this node holds on <paramref name="ids"/> (those it no longer holds are left alone).</summary>
    Task RenewAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default);
}
