using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Npgsql;

namespace Declarative.Dicom.PostgreSql;

/// <summary>
/// Managed instances (MPPS steps, UPS workitems and subscriptions, storage-commitment transactions) in PostgreSQL, beside
/// the shared report outbox, so that a change and the reports it causes commit in one transaction on any node.
/// Write transactions run one at a time across all nodes (a transaction-level advisory lock taken at
/// <see cref="BeginAsync"/>), as SQLite's single writer does: the workflows read, check PS3.4's rules and write, and no two
/// nodes can both act on what they read. Reads (N-GET, C-FIND, a watcher's look-up) and report delivery run on every
/// node at once. The dataset is kept in Explicit VR Little Endian.
/// </summary>
public sealed class PostgreSqlInstanceStore : IInstanceStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlReportOutboxStore _outbox;
    private readonly string _schema;
    private readonly long _writeLock;

    /// <summary>Opens (and creates when missing) the store in <paramref name="connectionString"/>'s database.</summary>
    public PostgreSqlInstanceStore(string connectionString, PostgreSqlStoreOptions? options = null)
    {
        options ??= new PostgreSqlStoreOptions();
        _schema = options.QualifiedSchema();
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _outbox = new PostgreSqlReportOutboxStore(_dataSource, options, ownsDataSource: false); // creates the schema
        _writeLock = PostgreSqlSchema.LockKey(_schema, "write");
    }

    /// <summary>The shared outbox: give it to a <c>ReportOutbox</c> on every node.</summary>
    public PostgreSqlReportOutboxStore Outbox => _outbox;

    IReportOutboxStore IInstanceStore.Outbox => _outbox;

    private const string Columns = "sop_class, sop_instance, state, version, dataset, updated_at, lock";

    public async Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, sopClassUid, sopInstanceUid, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoredInstance> ListAsync(string sopClassUid, string? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM {_schema}.instances WHERE sop_class = $1 AND ($2::text IS NULL OR state = $2) ORDER BY seq", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sopClassUid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    public async Task<IInstanceTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({_writeLock})", connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new Transaction(this, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<StoredInstance?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sopClassUid, string sopInstanceUid,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_schema}.instances WHERE sop_class = $1 AND sop_instance = $2", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sopClassUid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sopInstanceUid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static StoredInstance Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
            DicomDataset.Decode(reader.GetFieldValue<byte[]>(4), DicomTransferSyntax.ExplicitVRLittleEndian), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)))
        {
            Lock = reader.IsDBNull(6) ? null : reader.GetString(6),
        };

    public async ValueTask DisposeAsync()
    {
        await _outbox.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class Transaction(PostgreSqlInstanceStore store, NpgsqlConnection connection, NpgsqlTransaction transaction) : IInstanceTransaction
    {
        private bool _done;
        private bool _queuedReports;

        public Task<StoredInstance?> FindAsync(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken = default) =>
            store.FindAsync(connection, transaction, sopClassUid, sopInstanceUid, cancellationToken);

        public async Task InsertAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            await using var command = Command($"""
                INSERT INTO {store._schema}.instances (sop_class, sop_instance, state, version, dataset, updated_at, lock)
                VALUES ($1, $2, $3, 0, $4, $5, $6) ON CONFLICT DO NOTHING
                """, instance);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new DuplicateInstanceException(instance.SopClassUid, instance.SopInstanceUid);
            }
        }

        public async Task UpdateAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            await using var command = Command($"""
                UPDATE {store._schema}.instances SET state = $3, dataset = $4, updated_at = $5, lock = $6, version = $7
                WHERE sop_class = $1 AND sop_instance = $2 AND version = $7 - 1
                """, instance);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = instance.Version });
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InstanceConcurrencyException(instance.SopInstanceUid, instance.Version - 1);
            }
        }

        public async Task DeleteAsync(StoredInstance instance, CancellationToken cancellationToken = default)
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {store._schema}.instances WHERE sop_class = $1 AND sop_instance = $2 AND version = $3", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance.SopClassUid });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance.SopInstanceUid });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = instance.Version });
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InstanceConcurrencyException(instance.SopInstanceUid, instance.Version);
            }
        }

        public async Task EnqueueReportAsync(OutboxReport report, CancellationToken cancellationToken = default)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(store._outbox.Insert(report));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _queuedReports = true;
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            if (_queuedReports)
            {
                // Sent by the server when the transaction commits, to every node listening (this one too).
                await using var batch = new NpgsqlBatch(connection, transaction);
                batch.BatchCommands.Add(store._outbox.NotifyCommand());
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _done = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_done)
            {
                try
                {
                    await transaction.RollbackAsync().ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // The connection is gone (the database restarted): the server rolled the transaction back itself.
                }
            }

            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        private NpgsqlCommand Command(string sql, StoredInstance instance)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance.SopClassUid });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance.SopInstanceUid });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instance.State });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = instance.Dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian) });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = instance.UpdatedAt.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)instance.Lock ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            return command;
        }
    }
}
