namespace Declarative.Dicom.Outbox;

/// <summary>
/// A store that hears when reports were committed by anyone, other processes included (a shared database's notifications):
/// a <see cref="ReportOutbox"/> on it looks at once instead of at its next poll, so a change made on one node reaches its
/// subscribers from whichever node delivers without waiting for a poll interval.
/// </summary>
public interface IReportOutboxSignal
{
    /// <summary>Raised, on any thread, after reports were added; also after the store lost and regained its notifications (some may have been missed).</summary>
    event Action? ReportsAdded;
}
