using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Outbox;
using Microsoft.Data.Sqlite;

namespace Declarative.Dicom.State;

/// <summary>
/// Managed instances in a SQLite file, beside the report outbox's table in the same file, so that a change and the reports
/// it causes commit in one transaction. Writers take the file's write lock when they begin (BEGIN IMMEDIATE): two requests
/// never both read a version and then both write it. The dataset is kept in Explicit VR Little Endian.
/// </summary>
public sealed class SqliteInstanceStore : IInstanceStore
{
    private readonly SqliteReportOutboxStore _outbox;

    public SqliteInstanceStore(string path)
    {
        _outbox = new SqliteReportOutboxStore(path); // creates the file (WAL) and the reports table
        Path = _outbox.Path;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS instances (
                sop_class TEXT NOT NULL, sop_instance TEXT NOT NULL, state TEXT NOT NULL, version INTEGER NOT NULL,
                dataset BLOB NOT NULL, updated_at INTEGER NOT NULL, lock TEXT, PRIMARY KEY (sop_class, sop_instance));
            CREATE INDEX IF NOT EXISTS instances_by_state ON instances (sop_class, state);
            """;
        command.ExecuteNonQuery();
        // A file made before instances had a lock gains the column (empty: nobody held one then).
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('instances') WHERE name = 'lock'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = "ALTER TABLE instances ADD COLUMN lock TEXT";
            command.ExecuteNonQuery();
        }
    }

    public string Path { get; }

    public IReportOutboxStore Outbox => _outbox;

    public async Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return await FindAsync(connection, null, sopClassUid, sopInstanceUid, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoredInstance> ListAsync(string sopClassUid, string? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM instances WHERE sop_class = $class AND ($state IS NULL OR state = $state) ORDER BY rowid";
        command.Parameters.AddWithValue("$class", sopClassUid);
        command.Parameters.AddWithValue("$state", (object?)state ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    public Task<IInstanceTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = Open();
        try
        {
            // Not deferred: BEGIN IMMEDIATE takes the write lock now (waiting for it up to the command timeout), so a
            // read-then-write inside the transaction cannot deadlock with another writer.
            var transaction = connection.BeginTransaction(deferred: false);
            return Task.FromResult<IInstanceTransaction>(new Transaction(connection, transaction));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private const string Columns = "sop_class, sop_instance, state, version, dataset, updated_at, lock";

    private static async Task<StoredInstance?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, string sopClassUid, string sopInstanceUid,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM instances WHERE sop_class = $class AND sop_instance = $instance";
        command.Parameters.AddWithValue("$class", sopClassUid);
        command.Parameters.AddWithValue("$instance", sopInstanceUid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static StoredInstance Read(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
            DicomDataset.Decode((byte[])reader[4], DicomTransferSyntax.ExplicitVRLittleEndian), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)))
        {
            Lock = reader.IsDBNull(6) ? null : reader.GetString(6),
        };

    private SqliteConnection Open() => _outbox.Open();

    private sealed class Transaction(SqliteConnection connection, SqliteTransaction transaction) : IInstanceTransaction
    {
        private bool _done;

        public Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default) =>
            SqliteInstanceStore.FindAsync(connection, transaction, sopClassUid, sopInstanceUid, cancellationToken);

        public async Task InsertAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            await using var command = Command("INSERT OR IGNORE INTO instances (sop_class, sop_instance, state, version, dataset, updated_at, lock) VALUES ($class, $instance, $state, 0, $dataset, $at, $lock)");
            Bind(command, instance);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new DuplicateInstanceException(instance.SopClassUid, instance.SopInstanceUid);
            }
        }

        public async Task UpdateAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            await using var command = Command("""
                UPDATE instances SET state = $state, version = $version, dataset = $dataset, updated_at = $at, lock = $lock
                WHERE sop_class = $class AND sop_instance = $instance AND version = $version - 1
                """);
            Bind(command, instance);
            command.Parameters.AddWithValue("$version", instance.Version);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InstanceConcurrencyException(instance.SopInstanceUid, instance.Version - 1);
            }
        }

        public async Task DeleteAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            await using var command = Command("DELETE FROM instances WHERE sop_class = $class AND sop_instance = $instance AND version = $version");
            command.Parameters.AddWithValue("$class", instance.SopClassUid);
            command.Parameters.AddWithValue("$instance", instance.SopInstanceUid);
            command.Parameters.AddWithValue("$version", instance.Version);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InstanceConcurrencyException(instance.SopInstanceUid, instance.Version);
            }
        }

        public Task EnqueueReportAsync(OutboxReport report, CancellationToken cancellationToken = default) =>
            SqliteReportOutboxStore.InsertAsync(connection, transaction, report, cancellationToken);

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _done = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_done)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
            }

            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        private SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        private static void Bind(SqliteCommand command, StoredInstance instance)
        {
            command.Parameters.AddWithValue("$class", instance.SopClassUid);
            command.Parameters.AddWithValue("$instance", instance.SopInstanceUid);
            command.Parameters.AddWithValue("$state", instance.State);
            command.Parameters.AddWithValue("$dataset", instance.Dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian));
            command.Parameters.AddWithValue("$at", instance.UpdatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$lock", (object?)instance.Lock ?? DBNull.Value);
        }
    }
}
