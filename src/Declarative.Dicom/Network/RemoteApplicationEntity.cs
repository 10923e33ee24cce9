namespace Declarative.Dicom.Network;

/// <summary>
/// Where a peer AE lives. Reports go to the address configured for the AE title, not to the address a
/// request came from: a PACS answers commitment on a new association to the modality's configured port.
/// </summary>
public sealed record RemoteApplicationEntity(string AETitle, string Host, int Port)
{
    /// <summary>Parses "AET@host:port".</summary>
    public static RemoteApplicationEntity Parse(string text) => Parse(text, allowAnyPort: false);

    /// <summary>Parses "AET@host:port"; with <paramref name="allowAnyPort"/>, port 0 too (a listener that takes any free port).</summary>
    public static RemoteApplicationEntity Parse(string text, bool allowAnyPort)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (at <= 0 || colon < at + 2 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port > 65535 || port < (allowAnyPort ? 0 : 1))
        {
            throw new FormatException($"'{text}' is not AET@host:port.");
        }

        var title = text[..at];
        if (title.Length > 16)
        {
            throw new FormatException($"AE title '{title}' is longer than 16 characters.");
        }

        return new RemoteApplicationEntity(title, text[(at + 1)..colon], port);
    }

    public override string ToString() => $"{AETitle}@{Host}:{Port}";
}

/// <summary>The AE titles this application knows, and where each one listens.</summary>
public sealed class RemoteApplicationEntityTable
{
    private readonly Dictionary<string, RemoteApplicationEntity> _entities = new(StringComparer.Ordinal);

    public RemoteApplicationEntityTable Add(RemoteApplicationEntity entity)
    {
        _entities[entity.AETitle] = entity;
        return this;
    }

    public bool TryFind(string aeTitle, out RemoteApplicationEntity entity) => _entities.TryGetValue(aeTitle, out entity!);

    public RemoteApplicationEntity Find(string aeTitle) =>
        _entities.TryGetValue(aeTitle, out var entity)
            ? entity
            : throw new KeyNotFoundException($"No address is configured for AE title '{aeTitle}'; add it to the remote AE table.");

    public IReadOnlyCollection<RemoteApplicationEntity> Entities => _entities.Values;
}
