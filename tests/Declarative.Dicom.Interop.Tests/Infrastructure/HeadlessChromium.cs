using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven over its DevTools protocol (a WebSocket of JSON commands) with nothing
/// but the BCL: no browser download, no driver package. Started with the flags this closed network needs
/// (no background networking, no component updates), on a fresh profile removed at the end.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private HeadlessChromium(Process process, TempDirectory profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = new TempDirectory();
        var info = new ProcessStartInfo(ExternalTool.Locate("chromium"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                     $"--user-data-dir={profile.Path}", "about:blank",
                 })
        {
            info.ArgumentList.Add(flag);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Chromium writes the port it chose, and the browser's path, into DevToolsActivePort in the profile.
            var portFile = Path.Combine(profile.Path, "DevToolsActivePort");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
            {
                if (DateTime.UtcNow > deadline || process.HasExited)
                {
                    throw new InvalidOperationException($"chromium did not open its DevTools port within 30 s (exited: {process.HasExited})");
                }

                await Task.Delay(50);
            }

            var port = int.Parse(File.ReadAllLines(portFile)[0], System.Globalization.CultureInfo.InvariantCulture);
            using var http = new HttpClient();
            var targets = await http.GetFromJsonAsync<JsonArray>($"http://127.0.0.1:{port}/json/list");
            var page = targets!.First(t => (string?)t!["type"] == "page")!;
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
            return new HeadlessChromium(process, profile, socket);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            profile.Dispose();
            throw;
        }
    }

    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"{expression} threw in the page: {exception.ToJsonString()}");
        }

        return result["result"]?["value"];
    }

    /// <summary>Polls a boolean expression until it is true; returns how long that took, or fails after the timeout.</summary>
    public async Task<TimeSpan> WaitUntilAsync(string expression, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((await EvaluateAsync(expression))?.GetValue<bool>() == true)
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{expression} was not true within {timeout.TotalSeconds:0.#} s; page text:\n{await EvaluateAsync("document.body.innerText")}");
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters)
    {
        var id = ++_nextId;
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await ReceiveAsync(timeout.Token);
            if ((int?)message["id"] == id)
            {
                return message["error"] is { } error
                    ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
                    : message["result"]!.AsObject();
            }
        }
    }

    private async Task<JsonObject> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(chunk, cancellationToken);
            buffer.Write(chunk, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return JsonNode.Parse(buffer.ToArray())!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Abort();
            _socket.Dispose();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
            _profile.Dispose();
        }
    }
}
