using System.Net;

namespace Declarative.Dicom.Network;

/// <summary>
/// The PROXY protocol version 2 on a listener behind a TCP load balancer (HAProxy <c>send-proxy-v2</c>), so that peer checks
/// (<see cref="DicomServerOptions.KnownPeers"/>), logs, metrics and the live page see the modality's own address rather than
/// the proxy's. Opt-in and strict, as the specification asks: whether a header comes is never guessed. A connection from a
/// trusted proxy must begin with a valid v2 header or it is closed; a connection from any other address is closed
/// (<see cref="AllowDirectConnections"/> serves it as plain DICOM instead, and a header it sends is then not trusted: it is
/// not a PDU, and the association is aborted).
/// </summary>
public sealed class ProxyProtocolOptions
{
    /// <summary>The proxies' addresses or networks (<c>10.0.0.0/8</c>, <c>127.0.0.1/32</c>): only they may say who is behind them.</summary>
    public IList<IPNetwork> TrustedProxies { get; } = [];

    /// <summary>Serve connections that do not come from a trusted proxy, as plain DICOM (default: close them).</summary>
    public bool AllowDirectConnections { get; set; }

    /// <summary>How long a proxy has to send the whole header once connected.</summary>
    public TimeSpan HeaderTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Adds trusted proxies, each an address or a network in CIDR notation.</summary>
    public ProxyProtocolOptions Trust(params string[] addressesOrNetworks)
    {
        foreach (var each in addressesOrNetworks)
        {
            TrustedProxies.Add(each.Contains('/', StringComparison.Ordinal) ? IPNetwork.Parse(each)
                : new IPNetwork(IPAddress.Parse(each), IPAddress.Parse(each).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
        }

        return this;
    }

    internal bool Trusts(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in TrustedProxies)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
