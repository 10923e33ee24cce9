using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Orthanc;

/// <summary>
/// One Orthanc 1.10 (Debian package) per test class, started by hand with a config of our own on loopback
/// ports, with one modality "scu" that points at the listener the tests run and may ask for storage commitment.
/// </summary>
public sealed class OrthancFixture : IAsyncLifetime
{
    public const string OrthancAETitle = "ORTHANC";
    public const string ModalityAETitle = "OURSCU";

    private readonly TempDirectory _temp = new();
    private BackgroundProcess? _process;

    public int DicomPort { get; } = LocalPorts.Free();

    public int HttpPort { get; } = LocalPorts.Free();

    /// <summary>The port our listener must use: Orthanc sends reports there, as configured, not to the caller's address.</summary>
    public int ModalityPort { get; } = LocalPorts.Free();

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Where Orthanc's worklist plugin reads its items from.</summary>
    public string WorklistFolder => Directory.CreateDirectory(_temp.File("worklists")).FullName;

    public async Task InitializeAsync()
    {
        var config = new JsonObject
        {
            ["Name"] = "declarative-dicom-interop",
            ["StorageDirectory"] = Path.Combine(_temp.Path, "storage"),
            ["IndexDirectory"] = Path.Combine(_temp.Path, "index"),
            ["HttpPort"] = HttpPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomAet"] = OrthancAETitle,
            ["DicomPort"] = DicomPort,
            ["DicomCheckCalledAet"] = false,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            // The Debian package's worklist plugin serves the .wl files of WorklistFolder (read at each query).
            ["Plugins"] = new JsonArray("/usr/share/orthanc/plugins/libModalityWorklists.so"),
            ["Worklists"] = new JsonObject { ["Enable"] = true, ["Database"] = WorklistFolder },
            ["DicomModalities"] = new JsonObject
            {
                ["scu"] = new JsonObject
                {
                    ["AET"] = ModalityAETitle,
                    ["Host"] = "127.0.0.1",
                    ["Port"] = ModalityPort,
                    ["AllowStorageCommitment"] = true,
                },
            },
        };
        var configPath = _temp.File("orthanc.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
        _process = new BackgroundProcess("Orthanc", configPath);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await Http.GetAsync("system");
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 200 && !_process.HasExited)
            {
            }

            if (attempt >= 200 || _process.HasExited)
            {
                throw new InvalidOperationException($"Orthanc did not start:\n{_process.Output}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<JsonNode> GetAsync(string path) =>
        JsonNode.Parse(await Http.GetStringAsync(path)) ?? throw new InvalidOperationException($"GET {path} returned nothing");

    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body, new JsonSerializerOptions());
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} → {(int)response.StatusCode}: {text}\nOrthanc log:\n{_process?.Output}");
        }

        return JsonNode.Parse(text)!;
    }

    public string Log => _process?.Output ?? string.Empty;

    public Task DisposeAsync()
    {
        Http.Dispose();
        _process?.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
