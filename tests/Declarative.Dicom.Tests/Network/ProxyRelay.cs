using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// A stand-in for a TCP load balancer on 127.0.0.1: each connection it accepts is forwarded to the target after the bytes
/// <see cref="Header"/> gives for it (a PROXY v2 header naming whatever client the test says, a v1 line, or nothing).
/// </summary>
internal sealed class ProxyRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProxyRelay(int targetPort, Func<IPEndPoint, byte[]> header)
    {
        _target = targetPort;
        Header = header;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The bytes sent ahead of the client's, given the client's real address.</summary>
    public Func<IPEndPoint, byte[]> Header { get; }

    /// <summary>A PROXY protocol v2 header: PROXY command, TCP over IPv4, from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static byte[] V2(IPEndPoint source, IPEndPoint destination, byte command = 0x21, int extraLength = 0)
    {
        var header = new byte[16 + 12 + extraLength];
        new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A }.CopyTo(header, 0);
        header[12] = command;
        header[13] = 0x11; // AF_INET, STREAM
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)(12 + extraLength));
        source.Address.GetAddressBytes().CopyTo(header, 16);
        destination.Address.GetAddressBytes().CopyTo(header, 20);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(24), (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(26), (ushort)destination.Port);
        return header;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                await up.WriteAsync(Header((IPEndPoint)client.Client.RemoteEndPoint!), _stop.Token);
                // Either side closing ends both: a server that closes at once must be seen as closed by the client.
                await Task.WhenAny(Pump(down, up), Pump(up, down));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The test sees the outcome at its client; the relay only forwards.
            }
        }

        async Task Pump(Stream from, Stream to)
        {
            try
            {
                await from.CopyToAsync(to, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
    }
}
