namespace Declarative.Dicom.PostgreSql;

/// <summary>Settings of the PostgreSQL stores.</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The schema the tables live in (created when missing): several deployments can share one database under different schemas.</summary>
    public string Schema { get; set; } = "dicom";

    /// <summary>This node's name in the reports it leases (shown to operators); unique per running process.</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// How long a node may deliver the reports it took before another node takes them over. A node that dies holding a
    /// lease delays its reports by at most this; a delivery that outlasts it may be made twice (at least once).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long to wait before listening again after the notification connection was lost.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal string QualifiedSchema()
    {
        // The schema is written into SQL text (identifiers cannot be parameters): only a plain identifier is accepted.
        if (Schema.Length is 0 or > 40 || !(char.IsAsciiLetterLower(Schema[0]) || Schema[0] == '_') || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Schema '{Schema}' is not a plain lower-case identifier (a-z, 0-9, _; at most 40 characters).", nameof(Schema));
        }

        return Schema;
    }
}
