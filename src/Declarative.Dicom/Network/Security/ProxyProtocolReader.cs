using System.Net;
using System.Net.Sockets;

namespace Declarative.Dicom.Network;

/// <summary>Reads a PROXY protocol v2 header off a just-accepted socket, exactly its bytes and no more (what follows is the first PDU).</summary>
internal static class ProxyProtocolReader
{
    /// <summary>The client's address the header reports (null: LOCAL or no address, the connection's own stands).</summary>
    public static async Task<IPEndPoint?> ReadAsync(Socket socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var fixedPart = new byte[ProxyProtocolHeader.FixedLength];
        await ReceiveExactlyAsync(socket, fixedPart, deadline.Token).ConfigureAwait(false);
        var variablePart = new byte[ProxyProtocolHeader.VariableLength(fixedPart)]; // refused above the limit before anything is allocated
        await ReceiveExactlyAsync(socket, variablePart, deadline.Token).ConfigureAwait(false);
        return ProxyProtocolHeader.Source(fixedPart, variablePart);
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ProxyProtocolException("the connection closed inside its PROXY protocol header");
            }

            buffer = buffer[read..];
        }
    }
}
