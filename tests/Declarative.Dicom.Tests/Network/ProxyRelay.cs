using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// A stand-in for a TCP load balancer on 127.0.0.1: each connection it accepts is forwarded to the target after the bytes
/// <see cref="Header"/> gives for it (a PROXY v2 header naming whatever client the test says, a v1 line, or nothing). It can
/// also play a network that fails: <see cref="Cut"/> drops every connection it carries, and while <see cref="Refusing"/> it
/// closes new ones at once.
/// </summary>
internal sealed class ProxyRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private CancellationTokenSource _carried = new();

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

    /// <summary>New connections are closed as soon as they are accepted.</summary>
    public bool Refusing { get; set; }

    /// <summary>Drops every connection the relay carries now, as a network that fails would.</summary>
    public void Cut()
    {
        var carried = Interlocked.Exchange(ref _carried, new CancellationTokenSource());
        carried.Cancel();
        carried.Dispose();
    }

    /// <summary>A relay that adds nothing: a plain TCP hop that a test can cut.</summary>
    public static ProxyRelay Plain(int targetPort) => new(targetPort, _ => []);

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

            if (Refusing)
            {
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client, CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _carried.Token));
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationTokenSource carried)
    {
        var stop = carried.Token;
        using (carried)
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, stop);
                var down = client.GetStream();
                var up = upstream.GetStream();
                await up.WriteAsync(Header((IPEndPoint)client.Client.RemoteEndPoint!), stop);
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
                await from.CopyToAsync(to, stop);
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
