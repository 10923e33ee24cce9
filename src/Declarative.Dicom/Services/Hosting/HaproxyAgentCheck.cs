using System.Net;
using System.Net.Sockets;
using System.Text;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Hosting;

/// <summary>
/// HAProxy's agent check for a <see cref="DicomServer"/> (HAProxy <c>agent-check agent-port N</c>): on each connection it
/// writes one line and closes — <c>up ready</c> while serving, <c>drain</c> while a stop lets open associations finish (HAProxy
/// then sends it no new connections and the others take them), <c>down</c> once it stopped listening.
/// </summary>
public sealed class HaproxyAgentCheck : IAsyncDisposable
{
    private readonly DicomServer _server;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public HaproxyAgentCheck(DicomServer server, string host, int port)
    {
        _server = server;
        _listener = new TcpListener(IPAddress.Parse(host), port);
    }

    /// <summary>The port answered on; the one the system chose when 0 was given.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What the agent answers now.</summary>
    public string Status => !_server.IsListening ? "down" : _server.IsDraining ? "drain" : "up ready";

    public HaproxyAgentCheck Start()
    {
        _listener.Start();
        _loop = Task.Run(AnswerLoopAsync);
        return this;
    }

    private async Task AnswerLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                client.SendTimeout = 1000;
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Status + "\n"), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // A checker that went away before reading: the next check asks again.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
