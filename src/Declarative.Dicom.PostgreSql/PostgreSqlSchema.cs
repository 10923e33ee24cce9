using Npgsql;

namespace Declarative.Dicom.PostgreSql;

/// <summary>
/// The tables both stores use, created once per schema under an advisory lock so that nodes starting together do not race.
/// Times are Unix milliseconds, written by the nodes (their clocks are expected to be synchronised, as NTP does).
/// A report's <c>seq</c> orders the queue: reports about one instance are written by transactions that run one at a time
/// (<see cref="PostgreSqlInstanceStore"/>), so their seq order is their commit order.
/// </summary>
internal static class PostgreSqlSchema
{
    public static void Ensure(NpgsqlDataSource dataSource, string schema)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT pg_advisory_xact_lock({LockKey(schema, "schema")});
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.reports (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id uuid NOT NULL UNIQUE, destination text NOT NULL,
                sop_class text NOT NULL, context_sop_class text NOT NULL, sop_instance text NOT NULL, event_type integer NOT NULL,
                information bytea, created_at bigint NOT NULL, expires_at bigint NOT NULL, attempts integer NOT NULL,
                next_attempt_at bigint NOT NULL, last_error text, ordered boolean NOT NULL, leased_by text, leased_until bigint);
            CREATE INDEX IF NOT EXISTS reports_due ON {schema}.reports (next_attempt_at);
            CREATE INDEX IF NOT EXISTS reports_queue ON {schema}.reports (destination, sop_instance, seq);
            CREATE INDEX IF NOT EXISTS reports_leased ON {schema}.reports (destination) WHERE leased_until IS NOT NULL;
            CREATE INDEX IF NOT EXISTS reports_expiry ON {schema}.reports (expires_at);
            CREATE TABLE IF NOT EXISTS {schema}.instances (
                sop_class text NOT NULL, sop_instance text NOT NULL, state text NOT NULL, version bigint NOT NULL,
                dataset bytea NOT NULL, updated_at bigint NOT NULL, lock text,
                seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (sop_class, sop_instance));
            CREATE INDEX IF NOT EXISTS instances_by_state ON {schema}.instances (sop_class, state, seq);
            CREATE INDEX IF NOT EXISTS instances_in_order ON {schema}.instances (sop_class, seq);
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>The channel NOTIFY wakes the outboxes of every node on.</summary>
    public static string Channel(string schema) => schema + "_outbox";

    /// <summary>A 64-bit advisory lock key for one purpose in one schema (FNV-1a: stable across processes, unlike string.GetHashCode).</summary>
    public static long LockKey(string schema, string purpose)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in $"declarative-dicom:{schema}:{purpose}")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
