namespace Declarative.Dicom.Outbox;

/// <summary>
/// The outbox in memory, with <see cref="SqliteReportOutboxStore"/>'s order rules: for tests, and for the in-memory instance
/// store it belongs to. Nothing survives the process.
/// </summary>
public sealed class InMemoryReportOutboxStore : IReportOutboxStore
{
    private readonly List<OutboxReport> _reports = []; // queue order
    private readonly object _gate = new();

    public Task AddAsync(OutboxReport report, CancellationToken cancellationToken = default)
    {
        AddRange([report]);
        return Task.CompletedTask;
    }

    internal void AddRange(IEnumerable<OutboxReport> reports)
    {
        lock (_gate)
        {
            _reports.AddRange(reports);
        }
    }

    public Task<IReadOnlyList<OutboxReport>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(Due(now, max, destination => !ReportDestination.IsChannel(destination)));

    public Task<IReadOnlyList<OutboxReport>> DueForAsync(string destination, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(Due(now, max, d => d == destination));

    private IReadOnlyList<OutboxReport> Due(DateTimeOffset now, int max, Func<string, bool> taken)
    {
        lock (_gate)
        {
            var held = new HashSet<(string, string)>();
            var due = new List<OutboxReport>();
            foreach (var report in _reports)
            {
                if (!taken(report.DestinationAETitle))
                {
                    continue;
                }

                var key = (report.DestinationAETitle, report.SopInstanceUid);
                if (report.NextAttemptAt > now)
                {
                    if (report.Ordered)
                    {
                        held.Add(key); // later ordered reports about the instance wait behind it
                    }
                }
                else if (!(report.Ordered && held.Contains(key)) && due.Count < max)
                {
                    due.Add(report);
                }
            }

            return due;
        }
    }

    public Task<IReadOnlyList<OutboxReport>> PendingAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<OutboxReport>>(_reports.ToList());
        }
    }

    public Task RescheduleAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var index = _reports.FindIndex(r => r.Id == id);
            if (index >= 0)
            {
                _reports[index] = _reports[index] with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = lastError };
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _reports.RemoveAll(r => ids.Contains(r.Id));
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _reports.RemoveAll(r => r.Id == id);
        }

        return Task.CompletedTask;
    }
}
