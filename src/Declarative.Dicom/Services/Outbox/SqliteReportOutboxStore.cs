using Microsoft.Data.Sqlite;

namespace Declarative.Dicom.Outbox;

/// <summary>
/// The outbox in a SQLite file (Microsoft.Data.Sqlite): one table, one row per report, written before the
/// request that caused the report is answered. A connection per call: the file is the state, so a process that
/// restarts finds its reports where it left them.
/// </summary>
public sealed class SqliteReportOutboxStore : IReportOutboxStore
{
    private readonly string _connectionString;

    public SqliteReportOutboxStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS reports (
                id TEXT PRIMARY KEY, destination TEXT NOT NULL, sop_class TEXT NOT NULL, context_sop_class TEXT NOT NULL, sop_instance TEXT NOT NULL,
                event_type INTEGER NOT NULL, information BLOB, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_error TEXT, ordered INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS reports_due ON reports (next_attempt_at);
            """);
        // A file made before reports could be ordered gains the column (its reports are not).
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('reports') WHERE name = 'ordered'";
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                Execute(connection, "ALTER TABLE reports ADD COLUMN ordered INTEGER NOT NULL DEFAULT 0");
            }
        }

        Execute(connection, "CREATE INDEX IF NOT EXISTS reports_queue ON reports (destination, sop_instance, created_at)");
        Execute(connection, "CREATE INDEX IF NOT EXISTS reports_expiry ON reports (expires_at)");
    }

    /// <summary>The default file: the application's data folder (LocalApplicationData), declarative-dicom/outbox.db.</summary>
    public static string DefaultPath =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "declarative-dicom", "outbox.db");

    public string Path { get; }

    public async Task AddAsync(OutboxReport report, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await InsertAsync(connection, null, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row of one report, in the caller's transaction when it has one (the instance store's, so a report goes with its change).</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction? transaction, OutboxReport report, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO reports (id, destination, sop_class, context_sop_class, sop_instance, event_type, information, created_at, expires_at, attempts, next_attempt_at, last_error, ordered)
            VALUES ($id, $destination, $sopClass, $contextSopClass, $sopInstance, $eventType, $information, $createdAt, $expiresAt, $attempts, $nextAttemptAt, $lastError, $ordered)
            """;
        command.Parameters.AddWithValue("$id", report.Id.ToString("N"));
        command.Parameters.AddWithValue("$destination", report.DestinationAETitle);
        command.Parameters.AddWithValue("$sopClass", report.SopClassUid);
        command.Parameters.AddWithValue("$contextSopClass", report.ContextSopClassUid);
        command.Parameters.AddWithValue("$sopInstance", report.SopInstanceUid);
        command.Parameters.AddWithValue("$eventType", (int)report.EventTypeId);
        command.Parameters.AddWithValue("$information", (object?)report.EventInformation ?? DBNull.Value);
        command.Parameters.AddWithValue("$createdAt", report.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expiresAt", report.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$attempts", report.Attempts);
        command.Parameters.AddWithValue("$nextAttemptAt", report.NextAttemptAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$lastError", (object?)report.LastError ?? DBNull.Value);
        command.Parameters.AddWithValue("$ordered", report.Ordered ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<OutboxReport>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        // An AE title holds no backslash; a channel's subscriber does (ReportDestination).
        DueWhereAsync("instr(r.destination, '\\') = 0", now, max, _ => { }, cancellationToken);

    public Task<IReadOnlyList<OutboxReport>> DueForAsync(string destination, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        DueWhereAsync("r.destination = $destination", now, max, c => c.Parameters.AddWithValue("$destination", destination), cancellationToken);

    private Task<IReadOnlyList<OutboxReport>> DueWhereAsync(string destinations, DateTimeOffset now, int max, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        // An ordered report waits while an older ordered one about the same instance to the same destination is not due, so
        // that a subscriber hears a workitem's changes in the order they happened; nothing else is held up by it.
        QueryAsync($"""
            SELECT id, destination, sop_class, context_sop_class, sop_instance, event_type, information, created_at, expires_at, attempts, next_attempt_at, last_error, ordered
            FROM reports r WHERE next_attempt_at <= $now AND {destinations}
            AND NOT (r.ordered = 1 AND EXISTS (SELECT 1 FROM reports o WHERE o.ordered = 1 AND o.destination = r.destination AND o.sop_instance = r.sop_instance AND o.next_attempt_at > $now
                            AND (o.created_at < r.created_at OR (o.created_at = r.created_at AND o.rowid < r.rowid))))
            ORDER BY created_at, rowid LIMIT $max
            """,
            c => { c.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds()); c.Parameters.AddWithValue("$max", max); bind(c); }, cancellationToken);

    private const string Columns = "id, destination, sop_class, context_sop_class, sop_instance, event_type, information, created_at, expires_at, attempts, next_attempt_at, last_error, ordered";

    public Task<IReadOnlyList<OutboxReport>> PendingAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM reports ORDER BY created_at, rowid", _ => { }, cancellationToken);

    public Task<IReadOnlyList<OutboxReport>> PendingAsync(string destinationAETitle, string sopInstanceUid, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM reports WHERE destination = $destination AND sop_instance = $instance ORDER BY created_at, rowid",
            c => { c.Parameters.AddWithValue("$destination", destinationAETitle); c.Parameters.AddWithValue("$instance", sopInstanceUid); }, cancellationToken);

    public Task<IReadOnlyList<OutboxReport>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        QueryAsync($"DELETE FROM reports WHERE expires_at < $now RETURNING {Columns}", c => c.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task RescheduleAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE reports SET attempts = $attempts, next_attempt_at = $next, last_error = $error WHERE id = $id";
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$next", nextAttemptAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$error", lastError);
        command.Parameters.AddWithValue("$id", id.ToString("N"));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reports WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString("N"));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM reports WHERE id = $id";
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var each in ids)
        {
            id.Value = each.ToString("N");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<OutboxReport>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var reports = new List<OutboxReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reports.Add(new OutboxReport(
                Guid.ParseExact(reader.GetString(0), "N"), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), (ushort)reader.GetInt32(5),
                reader.IsDBNull(6) ? null : (byte[])reader[6],
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.GetInt32(9), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)), reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetInt32(12) == 1));
        }

        return reports;
    }

    /// <summary>An open connection to the file; the instance store on the same file uses it too.</summary>
    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
