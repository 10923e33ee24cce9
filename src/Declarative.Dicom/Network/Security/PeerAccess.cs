using System.Net;
using System.Net.Sockets;

namespace Declarative.Dicom.Network;

/// <summary>Whether a calling AE may associate from where it connects, by the table of known peers.</summary>
internal static class PeerAccess
{
    /// <summary>Null when allowed; otherwise why not, for the log line.</summary>
    public static string? Refuses(RemoteApplicationEntityTable peers, string callingAETitle, IPAddress? from)
    {
        if (!peers.TryFind(callingAETitle, out var peer))
        {
            return $"'{callingAETitle}' is not a known peer";
        }

        if (from is null || IsAddressOf(peer.Host, from))
        {
            return null;
        }

        return $"'{callingAETitle}' is known at {peer.Host}, not at {from}";
    }

    private static bool IsAddressOf(string host, IPAddress from)
    {
        var address = from.IsIPv4MappedToIPv6 ? from.MapToIPv4() : from;
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal.Equals(address);
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.IsLoopback(address);
        }

        try
        {
            return Dns.GetHostAddresses(host).Any(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(address));
        }
        catch (SocketException)
        {
            return false; // a name that does not resolve matches no address
        }
    }
}
