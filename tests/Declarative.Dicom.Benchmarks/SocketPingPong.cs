using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// The yardstick of PEERS.md: a raw .NET async socket ping-pong on loopback, one connection, NoDelay, a fixed number
/// of bytes each way. Allocates nothing per round trip (the Memory overloads, one pooled async method), so that it is
/// the baseline of both time and garbage.
/// </summary>
internal sealed class SocketPingPong : IDisposable
{
    private readonly Socket _listener;
    private readonly Socket _client;
    private readonly byte[] _request;
    private readonly byte[] _response;

    private SocketPingPong(Socket listener, Socket client, int requestSize, int responseSize)
    {
        _listener = listener;
        _client = client;
        _request = new byte[requestSize];
        _response = new byte[responseSize];
    }

    public static async Task<SocketPingPong> StartAsync(int requestSize, int responseSize)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!);
        var serverSide = await accepting;
        serverSide.NoDelay = true;
        _ = Task.Run(() => EchoAsync(serverSide, requestSize, responseSize));
        return new SocketPingPong(listener, client, requestSize, responseSize);
    }

    /// <summary>Sends the request's bytes and reads the response's.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RoundTripAsync()
    {
        await _client.SendAsync(_request.AsMemory(), SocketFlags.None); // the Memory overload: byte[] picks the one returning a Task
        var received = 0;
        while (received < _response.Length)
        {
            received += await _client.ReceiveAsync(_response.AsMemory(received), SocketFlags.None);
        }
    }

    private static async Task EchoAsync(Socket socket, int requestSize, int responseSize)
    {
        var buffer = new byte[Math.Max(requestSize, responseSize)];
        while (true)
        {
            var received = 0;
            while (received < requestSize)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(received, requestSize - received), SocketFlags.None);
                if (n == 0)
                {
                    return;
                }

                received += n;
            }

            await socket.SendAsync(buffer.AsMemory(0, responseSize), SocketFlags.None);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _listener.Dispose();
    }
}
