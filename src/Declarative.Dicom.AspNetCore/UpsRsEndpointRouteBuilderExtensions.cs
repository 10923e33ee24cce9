using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Declarative.Dicom.AspNetCore;

/// <summary>Maps the Worklist Service (UPS-RS, PS3.18 11) onto an ASP.NET Core application.</summary>
public static class UpsRsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// The UPS-RS resources under <paramref name="prefix"/> (e.g. <c>/dicomweb</c>): <c>/workitems</c> and its transactions,
    /// and the notification connections at <c>/subscribers/{aetitle}</c>. Needs <see cref="UpsRsServiceCollectionExtensions.AddUpsRs"/>
    /// and <c>app.UseWebSockets()</c>; requires <see cref="UpsRsOptions.AuthorizationPolicy"/> when one is set.
    /// </summary>
    public static RouteGroupBuilder MapUpsRs(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = endpoints.MapGroup(prefix).WithMetadata(new UpsRsPrefix(prefix.TrimEnd('/')));
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<UpsRsOptions>>().Value.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }

        group.MapPost("/workitems", UpsRsTransactions.CreateAsync);
        group.MapGet("/workitems", UpsRsTransactions.SearchAsync);
        group.MapGet("/workitems/{workitem}", (HttpContext context, string workitem) => UpsRsTransactions.RetrieveAsync(context, workitem));
        group.MapPost("/workitems/{workitem}", (HttpContext context, string workitem) => UpsRsTransactions.UpdateAsync(context, workitem));
        group.MapPut("/workitems/{workitem}/state", (HttpContext context, string workitem) => UpsRsTransactions.ChangeStateAsync(context, workitem));
        group.MapPost("/workitems/{workitem}/cancelrequest", (HttpContext context, string workitem) => UpsRsTransactions.RequestCancellationAsync(context, workitem));
        group.MapPost("/workitems/{workitem}/subscribers/{aetitle}", (HttpContext context, string workitem, string aetitle) =>
            UpsRsTransactions.SubscribeAsync(context, workitem, aetitle));
        group.MapDelete("/workitems/{workitem}/subscribers/{aetitle}", (HttpContext context, string workitem, string aetitle) =>
            UpsRsTransactions.UnsubscribeAsync(context, workitem, aetitle));
        group.MapPost("/workitems/{workitem}/subscribers/{aetitle}/suspend", (HttpContext context, string workitem, string aetitle) =>
            UpsRsTransactions.SuspendAsync(context, workitem, aetitle));
        group.MapGet("/subscribers/{aetitle}", (HttpContext context, string aetitle) => UpsRsNotificationEndpoint.OpenAsync(context, aetitle));
        group.MapGet("/ws/subscribers/{aetitle}", (HttpContext context, string aetitle) => UpsRsNotificationEndpoint.OpenAsync(context, aetitle));
        return group;
    }

    /// <summary>The prefix the endpoint answering <paramref name="context"/> was mapped under, for the URIs it answers.</summary>
    internal static string PrefixOf(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<UpsRsPrefix>()?.Value ?? string.Empty;

    private sealed record UpsRsPrefix(string Value);
}
