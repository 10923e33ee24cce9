using System.Text.Json;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>
/// Names for remote AEs, so that `dicom-events echo pacs` works instead of `ORTHANC@10.0.0.5:4242` every time.
/// The file is JSON: <c>{ "peers": { "pacs": "ORTHANC@10.0.0.5:4242" } }</c>; it is --peers FILE, else
/// $DICOM_EVENTS_PEERS, else peers.json in $XDG_CONFIG_HOME/dicom-events (~/.config/dicom-events).
/// </summary>
internal sealed class PeerDirectory
{
    private readonly Dictionary<string, string> _names;
    private readonly string? _source;

    private PeerDirectory(Dictionary<string, string> names, string? source)
    {
        _names = names;
        _source = source;
    }

    public static PeerDirectory Load(string? explicitPath)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable("DICOM_EVENTS_PEERS") ?? DefaultPath();
        if (!File.Exists(path))
        {
            return explicitPath is null
                ? new PeerDirectory(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), null)
                : throw new UsageException($"the peers file {path} does not exist");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (document.RootElement.TryGetProperty("peers", out var peers) && peers.ValueKind == JsonValueKind.Object)
            {
                foreach (var peer in peers.EnumerateObject())
                {
                    names[peer.Name] = peer.Value.GetString() ?? throw new UsageException($"{path}: peer '{peer.Name}' is not a string AE@host:port");
                }
            }

            return new PeerDirectory(names, path);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new UsageException($"{path} is not a peers file ({{ \"peers\": {{ \"name\": \"AE@host:port\" }} }}): {ex.Message}");
        }
    }

    /// <summary>AE@host:port as written, or a name from the peers file.</summary>
    public RemoteApplicationEntity Resolve(string text)
    {
        var written = text.Contains('@', StringComparison.Ordinal) ? text
            : _names.TryGetValue(text, out var named) ? named
            : throw new UsageException(_source is null
                ? $"'{text}' is not AE@host:port, and there is no peers file to name it in"
                : $"'{text}' is not AE@host:port nor a peer named in {_source} (known: {string.Join(", ", _names.Keys.Order())})");
        try
        {
            return RemoteApplicationEntity.Parse(written);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static string DefaultPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "dicom-events", "peers.json");
    }
}
