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

    /// <summary>
    /// A connection whose user agent has not answered a ping by then is cut — a dead peer, or one that started a frame and
    /// never finished it (its place would be held for ever otherwise). On .NET 9 and later; .NET 8 has no such time-out.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The policy every UPS-RS endpoint requires (null: none); the WebSocket's too.</summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// The handler the workitem transactions go to, as DIMSE requests on the contexts PS3.4 gives them: the one the DIMSE
    /// listener serves — a generated class with the application's rules in front of the workflow (<c>ups.With(rules)</c>) —, so
    /// that a web request is answered as the same request by DIMSE. Null: the <c>UnifiedProcedureStepWorkflow</c> itself.
    /// The subscriptions always go to the workflow, which keeps them per channel.
    /// </summary>
    public Network.IDicomServiceHandler? Handler { get; set; }

    /// <summary>Our AE title, as the handler sees it (the called AE title of the requests).</summary>
    public string AETitle { get; set; } = "UPS";

    /// <summary>
    /// Who a web user agent is to the handler when <see cref="CallingAETitleOf"/> does not say (the calling AE title: PS3.18
    /// gives it none). A workitem claimed over UPS-RS has it as its performer, and a cancellation requested over UPS-RS names
    /// it as the Requesting AE.
    /// </summary>
    public string CallingAETitle { get; set; } = "UPSRS";

    /// <summary>
    /// The AE title a request stands for — from its authenticated user (a claim of the token), a client certificate — or null
    /// for <see cref="CallingAETitle"/>. A performer that claims a workitem under the AE title it subscribes with over its
    /// notification connection is reachable by cancellation requests (PS3.4 CC.2.2.3), as a DIMSE performer is.
    /// </summary>
    public Func<Microsoft.AspNetCore.Http.HttpContext, string?>? CallingAETitleOf { get; set; }

    /// <summary>
    /// The user the handler sees as <c>request.Association.UserIdentity</c>, as a DIMSE peer's User Identity negotiation
    /// would give it, so that one rule authorizes both channels. Null: the authenticated user's name (a Username identity),
    /// or none. Return <c>new DicomUserIdentity(DicomUserIdentityType.Jwt, …)</c> to hand on the bearer token itself.
    /// </summary>
    public Func<Microsoft.AspNetCore.Http.HttpContext, Network.DicomUserIdentity?>? UserIdentityOf { get; set; }
}
