namespace Declarative.Dicom.AspNetCore;

/// <summary>Settings of the UPS-RS origin server (<see cref="UpsRsEndpointRouteBuilderExtensions.MapUpsRs"/>).</summary>
public sealed class UpsRsOptions
{
    /// <summary>The name in the Warning header fields PS3.18 asks for (<c>299 {ServiceName}: …</c>).</summary>
    public string ServiceName { get; set; } = "declarative-dicom";

    /// <summary>A request body larger than this is refused with 413 before it is read (a workitem is kilobytes).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Notification connections held at once by this node; one more is refused with 503.</summary>
    public int MaxNotificationConnections { get; set; } = 256;

    /// <summary>How often an idle notification connection is pinged, so that a dead peer is found and a proxy keeps it open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The policy every UPS-RS endpoint requires (null: none); the WebSocket's too.</summary>
    public string? AuthorizationPolicy { get; set; }
}
