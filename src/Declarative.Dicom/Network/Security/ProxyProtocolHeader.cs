using System.Buffers.Binary;
using System.Net;

namespace Declarative.Dicom.Network;

/// <summary>
/// The PROXY protocol version 2 header (haproxy.org/download/2.6/doc/proxy-protocol.txt, section 2.2): a 12-byte signature,
/// version and command, address family and transport, a big-endian length, then the addresses and optional TLVs (ignored).
/// Version 1 (text) is not accepted: a proxy configured for it is refused as a header that is not v2.
/// </summary>
internal static class ProxyProtocolHeader
{
    /// <summary>The signature, version/command, family/transport and length: what is read first.</summary>
    public const int FixedLength = 16;

    /// <summary>
    /// The largest address-and-TLV part accepted. Addresses need at most 216 bytes (AF_UNIX); TLVs (HAProxy's unique ID, SSL
    /// facts) rarely reach a few hundred. A longer header is refused before it is read.
    /// </summary>
    public const int MaxVariableLength = 2048;

    private static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>How many bytes follow the fixed part; throws <see cref="ProxyProtocolException"/> when the fixed part is not a v2 header.</summary>
    public static int VariableLength(ReadOnlySpan<byte> fixedPart)
    {
        if (fixedPart.Length < FixedLength || !fixedPart[..12].SequenceEqual(Signature))
        {
            throw new ProxyProtocolException(fixedPart.Length >= 6 && fixedPart[..6].SequenceEqual("PROXY "u8)
                ? "a PROXY protocol version 1 (text) header: only version 2 is accepted"
                : "no PROXY protocol v2 signature where the header must be");
        }

        if (fixedPart[12] >> 4 != 2)
        {
            throw new ProxyProtocolException($"PROXY protocol version {fixedPart[12] >> 4}, not 2");
        }

        if ((fixedPart[12] & 0x0F) > 1)
        {
            throw new ProxyProtocolException($"PROXY protocol command {fixedPart[12] & 0x0F} is neither LOCAL nor PROXY");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[14..16]);
        return length > MaxVariableLength
            ? throw new ProxyProtocolException($"a PROXY protocol header of {length} bytes (at most {MaxVariableLength} are accepted)")
            : length;
    }

    /// <summary>
    /// The client's address the proxy reports; null for a LOCAL command (the proxy's own connection, its health check) and for
    /// an unspecified or UNIX family, where the connection's own address stands.
    /// </summary>
    public static IPEndPoint? Source(ReadOnlySpan<byte> fixedPart, ReadOnlySpan<byte> variablePart)
    {
        var length = VariableLength(fixedPart);
        if (variablePart.Length != length)
        {
            throw new ProxyProtocolException($"the PROXY protocol header announced {length} bytes and {variablePart.Length} came");
        }

        if ((fixedPart[12] & 0x0F) == 0)
        {
            return null; // LOCAL: "the receiver must accept this connection as valid and must use the real connection endpoints"
        }

        var family = fixedPart[13] >> 4;
        var transport = fixedPart[13] & 0x0F;
        if (family != 0 && transport != 1)
        {
            throw new ProxyProtocolException($"PROXY protocol transport {transport} is not a stream (TCP)");
        }

        return family switch
        {
            0 => null,
            1 when length >= 12 => new IPEndPoint(new IPAddress(variablePart[..4]), BinaryPrimitives.ReadUInt16BigEndian(variablePart[8..10])),
            2 when length >= 36 => new IPEndPoint(new IPAddress(variablePart[..16]), BinaryPrimitives.ReadUInt16BigEndian(variablePart[32..34])),
            3 when length >= 216 => null,
            1 or 2 or 3 => throw new ProxyProtocolException($"a PROXY protocol address block of {length} bytes is too short for family {family}"),
            _ => throw new ProxyProtocolException($"PROXY protocol address family {family} is unknown"),
        };
    }
}

/// <summary>A connection's PROXY protocol header is missing, malformed or not trusted: the connection is closed.</summary>
public sealed class ProxyProtocolException(string message) : Exception(message);
