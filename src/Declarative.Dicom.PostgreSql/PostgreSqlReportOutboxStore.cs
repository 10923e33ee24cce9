using Declarative.Dicom.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Declarative.Dicom.PostgreSql;

/// <summary>
/// The report outbox in PostgreSQL, shared by every node of a deployment. Each due report is leased to one node
/// (<see cref="DueAsync"/>), and all due reports of one destination go to the same node at a time, so a destination hears its
/// reports in queue order whichever node sends them. A node that dies holding a lease delays its reports until the lease
/// runs out; then another node sends them. Every node is woken by NOTIFY when reports are committed anywhere.
/// </summary>
public sealed class PostgreSqlReportOutboxStore : IReportOutboxStore, IReportOutboxSignal, IReportOutboxLeases, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlStoreOptions _options;
    private readonly string _schema;
    private readonly PostgreSqlNotifications _notifications;

    /// <summary>Opens (and creates when missing) the outbox in <paramref name="connectionString"/>'s database.</summary>
    public PostgreSqlReportOutboxStore(string connectionString, PostgreSqlStoreOptions? options = null)
        : this(NpgsqlDataSource.Create(connectionString), options, ownsDataSource: true)
    {
    }

    internal PostgreSqlReportOutboxStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = options ?? new PostgreSqlStoreOptions();
        _schema = _options.QualifiedSchema();
        PostgreSqlSchema.Ensure(dataSource, _schema);
        _notifications = new PostgreSqlNotifications(dataSource, PostgreSqlSchema.Channel(_schema), _options.ReconnectDelay);
    }

    /// <inheritdoc/>
    public event Action? ReportsAdded
    {
        add => _notifications.Raised += value;
        remove => _notifications.Raised -= value;
    }

    public string NodeName => _options.NodeName;

    public TimeSpan LeaseDuration => _options.LeaseDuration;

    public async Task RenewAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"UPDATE {_schema}.reports SET leased_until = $1 WHERE id = ANY($2) AND leased_by = $3", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (DateTimeOffset.UtcNow + _options.LeaseDuration).ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _options.NodeName });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAsync(OutboxReport report, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Insert(report));
        batch.BatchCommands.Add(NotifyCommand());
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The insert of one report, for the instance store's transaction too (a report commits with the change that caused it).</summary>
    internal NpgsqlBatchCommand Insert(OutboxReport report)
    {
        var command = new NpgsqlBatchCommand($"""
            INSERT INTO {_schema}.reports (id, destination, sop_class, context_sop_class, sop_instance, event_type, information, created_at, expires_at,
                attempts, next_attempt_at, last_error, ordered)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = report.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.DestinationAETitle });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.SopClassUid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.ContextSopClassUid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.SopInstanceUid });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = report.EventTypeId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)report.EventInformation ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = report.CreatedAt.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = report.ExpiresAt.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = report.Attempts });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = report.NextAttemptAt.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)report.LastError ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = report.Ordered });
        return command;
    }

    /// <summary>Wakes every node's outbox (delivered when the surrounding transaction commits).</summary>
    internal NpgsqlBatchCommand NotifyCommand() => new($"NOTIFY {PostgreSqlSchema.Channel(_schema)}");

    private const string Columns = "id, destination, sop_class, context_sop_class, sop_instance, event_type, information, created_at, expires_at, attempts, next_attempt_at, last_error, ordered";

    /// <summary>
    /// Claims the due reports for this node. Claims run one at a time across the nodes (an advisory lock held for the
    /// claim's short transaction), so each sees the leases the others took: a report is never handed to two live nodes, a
    /// destination whose reports another node holds is left to it (its order is kept), and an ordered report waits while an
    /// older ordered one about the same instance to the same destination is not due.
    /// </summary>
    public Task<IReadOnlyList<OutboxReport>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        // An AE title holds no backslash; a channel's subscriber does (ReportDestination).
        ClaimAsync("strpos(r.destination, $5) = 0", ReportDestination.ChannelSeparator.ToString(), now, max, cancellationToken);

    public Task<IReadOnlyList<OutboxReport>> DueForAsync(string destination, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        ClaimAsync("r.destination = $5", destination, now, max, cancellationToken);

    /// <summary>Leases the due reports of the destinations <paramref name="destinations"/> (a condition on $5) to this node.</summary>
    private async Task<IReadOnlyList<OutboxReport>> ClaimAsync(string destinations, string argument, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({PostgreSqlSchema.LockKey(_schema, "claim")})"));
        var command = new NpgsqlBatchCommand($"""
            WITH due AS (
                SELECT r.seq FROM {_schema}.reports r
                WHERE r.next_attempt_at <= $1 AND {destinations} AND (r.leased_until IS NULL OR r.leased_until <= $1 OR r.leased_by = $2)
                AND NOT EXISTS (SELECT 1 FROM {_schema}.reports o WHERE o.destination = r.destination AND o.leased_until > $1 AND o.leased_by <> $2)
                AND NOT (r.ordered AND EXISTS (SELECT 1 FROM {_schema}.reports o WHERE o.ordered AND o.destination = r.destination
                                               AND o.sop_instance = r.sop_instance AND o.seq < r.seq AND o.next_attempt_at > $1))
                ORDER BY r.seq LIMIT $3)
            UPDATE {_schema}.reports r SET leased_by = $2, leased_until = $4 FROM due WHERE r.seq = due.seq
            RETURNING r.seq, {string.Join(", ", Columns.Split(", ").Select(c => "r." + c))}
            """);
        batch.BatchCommands.Add(command);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = at });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _options.NodeName });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = at + (long)_options.LeaseDuration.TotalMilliseconds });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = argument });
        var claimed = new List<(long Seq, OutboxReport Report)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the lock's row
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add((reader.GetInt64(0), Read(reader, 1)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(c => c.Seq).Select(c => c.Report)]; // RETURNING keeps no order
    }

    public Task<IReadOnlyList<OutboxReport>> PendingAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM {_schema}.reports ORDER BY seq", [], cancellationToken);

    /// <summary>The reports waiting for one destination about one SOP instance, from the queue's index.</summary>
    public Task<IReadOnlyList<OutboxReport>> PendingAsync(string destinationAETitle, string sopInstanceUid, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM {_schema}.reports WHERE destination = $1 AND sop_instance = $2 ORDER BY seq",
            [new NpgsqlParameter<string> { TypedValue = destinationAETitle }, new NpgsqlParameter<string> { TypedValue = sopInstanceUid }], cancellationToken);

    public Task<IReadOnlyList<OutboxReport>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        QueryAsync($"DELETE FROM {_schema}.reports WHERE expires_at < $1 RETURNING {Columns}",
            [new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() }], cancellationToken);

    private async Task<IReadOnlyList<OutboxReport>> QueryAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        var reports = new List<OutboxReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reports.Add(Read(reader, 0));
        }

        return reports;
    }

    public async Task RescheduleAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // The lease ends with the attempt: whichever node is free when it is due again may send it.
        await using var command = new NpgsqlCommand(
            $"UPDATE {_schema}.reports SET attempts = $1, next_attempt_at = $2, last_error = $3, leased_by = NULL, leased_until = NULL WHERE id = $4", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nextAttemptAt.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lastError });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task RemoveAsync(Guid id, CancellationToken cancellationToken = default) => RemoveAsync([id], cancellationToken);

    public async Task RemoveAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DELETE FROM {_schema}.reports WHERE id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static OutboxReport Read(NpgsqlDataReader reader, int first) =>
        new(reader.GetGuid(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3), reader.GetString(first + 4),
            (ushort)reader.GetInt32(first + 5), reader.IsDBNull(first + 6) ? null : reader.GetFieldValue<byte[]>(first + 6),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 7)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 8)),
            reader.GetInt32(first + 9), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 10)),
            reader.IsDBNull(first + 11) ? null : reader.GetString(first + 11), reader.GetBoolean(first + 12));

    public async ValueTask DisposeAsync()
    {
        await _notifications.DisposeAsync().ConfigureAwait(false);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
