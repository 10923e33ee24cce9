using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Declarative.Dicom.AspNetCore;

/// <summary>
/// Open Notification Connection (PS3.18 8.10.4): an RFC 6455 upgrade of <c>GET {prefix}/subscribers/{aetitle}</c>
/// (dicomstandard.org's template; <c>/ws/subscribers/{aetitle}</c>, dcm4chee-arc's, too), on the HTTP port.
/// </summary>
internal static class UpsRsNotificationEndpoint
{
    public static async Task OpenAsync(HttpContext context, string aeTitle)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<UpsRsOptions>>().Value;
        var notifications = context.RequestServices.GetRequiredService<UpsRsNotifications>();
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.Headers.Upgrade = "websocket";
            UpsRsResponses.Status(context, options, 426, "The notification connection is a WebSocket (RFC 6455).");
            return;
        }

        if (!UpsRsTransactions.IsAETitle(aeTitle))
        {
            UpsRsResponses.Status(context, options, 400, $"'{aeTitle}' is not an AE title.");
            return;
        }

        if (!notifications.TryReserve())
        {
            UpsRsResponses.Status(context, options, 503, "This origin server holds as many notification connections as it takes.");
            return;
        }

        try
        {
            var accept = new WebSocketAcceptContext { KeepAliveInterval = options.KeepAliveInterval };
#if NET9_0_OR_GREATER
            accept.KeepAliveTimeout = options.KeepAliveTimeout;
#endif
            using var socket = await context.WebSockets.AcceptWebSocketAsync(accept).ConfigureAwait(false);
            await notifications.ServeAsync(aeTitle, socket, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            notifications.Release();
        }
    }

    /// <summary>The notification connection's URI for an AE, answered in a Subscribe's Location header.</summary>
    public static string UriOf(HttpContext context, string aeTitle) =>
        $"{(context.Request.IsHttps ? "wss" : "ws")}://{context.Request.Host}{context.Request.PathBase}{UpsRsEndpointRouteBuilderExtensions.PrefixOf(context)}/subscribers/{Uri.EscapeDataString(aeTitle)}";
}
