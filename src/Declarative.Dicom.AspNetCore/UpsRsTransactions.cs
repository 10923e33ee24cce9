using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.AspNetCore;

/// <summary>
/// Each Worklist Service transaction (PS3.18 11.4–11.12) as the DIMSE request it corresponds to, on the context PS3.4 gives
/// it, answered by the same handler an association's requests are (<see cref="UpsRsOptions.Handler"/>, the workflow by
/// default): the same rules, the same state, the same reports; its DIMSE status answered as <see cref="UpsRsStatus"/> maps it.
/// </summary>
internal static class UpsRsTransactions
{
    private const string Push = SopClass.UnifiedProcedureStepPush;
    private const string Pull = SopClass.UnifiedProcedureStepPull;

    /// <summary>Create (11.4): POST /workitems{?workitem}, the UID in the query or in the dataset.</summary>
    public static Task CreateAsync(HttpContext context) => RunAsync(context, UpsRsTransaction.Create, async (dispatch, ct) =>
    {
        var dataset = await BodyAsync(context, ct).ConfigureAwait(false) ?? throw new UpsRsRefusal(400, "Create carries the workitem's dataset.");
        var uid = QueryValue(context.Request, "workitem", "AffectedSOPInstanceUID") ?? dataset.GetStringOrDefault(DicomTag.SOPInstanceUID);
        if (uid is not null && !DicomUid.IsValid(uid))
        {
            throw new UpsRsRefusal(400, $"'{uid}' is not a UID.");
        }

        dataset.Remove(DicomTag.SOPInstanceUID);
        var result = await Send(context, dispatch, new NCreateRequest(Push, uid, dataset), Push, ct).ConfigureAwait(false);
        var created = result.AffectedSopInstanceUid ?? uid;
        if (result.Status.AllowsReplyDataset && created is not null)
        {
            context.Response.Headers.Location = WorkitemUri(context, created);
            context.Response.Headers.ContentLocation = WorkitemUri(context, created);
        }

        return result;
    });

    /// <summary>Retrieve (11.5): GET /workitems/{workitem}, the workitem as N-GET of every attribute gives it (no Transaction UID).</summary>
    public static Task RetrieveAsync(HttpContext context, string workitem) => RunAsync(context, UpsRsTransaction.Retrieve, async (dispatch, ct) =>
    {
        var result = await Send(context, dispatch, new NGetRequest(Push, workitem), Pull, ct).ConfigureAwait(false);
        if (result.Status.IsSuccess && result.Dataset is { } dataset)
        {
            await UpsRsResponses.DatasetsAsync(context, [dataset], ct).ConfigureAwait(false);
        }

        return result;
    });

    /// <summary>Update (11.6): POST /workitems/{workitem}{?transaction}, N-SET with the Transaction UID of an IN PROGRESS one.</summary>
    public static Task UpdateAsync(HttpContext context, string workitem) => RunAsync(context, UpsRsTransaction.Update, async (dispatch, ct) =>
    {
        var dataset = await BodyAsync(context, ct).ConfigureAwait(false) ?? throw new UpsRsRefusal(400, "Update carries the attributes to change.");
        if (QueryValue(context.Request, "transaction") is { } transaction)
        {
            dataset.Set(DicomTag.TransactionUID, transaction);
        }

        context.Items[TransactionUidGiven] = HasTransactionUid(dataset);
        return await Send(context, dispatch, new NSetRequest(Push, workitem, dataset), Pull, ct).ConfigureAwait(false);
    });

    /// <summary>Change State (11.7): PUT /workitems/{workitem}/state, a dataset of Procedure Step State and Transaction UID.</summary>
    public static Task ChangeStateAsync(HttpContext context, string workitem) => RunAsync(context, UpsRsTransaction.ChangeState, async (dispatch, ct) =>
    {
        var dataset = await BodyAsync(context, ct).ConfigureAwait(false) ?? throw new UpsRsRefusal(400, "Change State carries Procedure Step State and Transaction UID.");
        context.Items[TransactionUidGiven] = HasTransactionUid(dataset);
        if (!HasTransactionUid(dataset))
        {
            return DimseResponse.FromStatus(DimseStatus.UpsTransactionUidNotCorrect, "the Transaction UID is missing");
        }

        return await Send(context, dispatch, new NActionRequest(Push, workitem, 1, dataset), Pull, ct).ConfigureAwait(false);
    });

    /// <summary>Request Cancellation (11.8): POST /workitems/{workitem}/cancelrequest, with an optional reason and contact.</summary>
    public static Task RequestCancellationAsync(HttpContext context, string workitem) => RunAsync(context, UpsRsTransaction.RequestCancellation, async (dispatch, ct) =>
    {
        var dataset = await BodyAsync(context, ct).ConfigureAwait(false) ?? new DicomDataset();
        return await Send(context, dispatch, new NActionRequest(Push, workitem, 2, dataset), Push, ct).ConfigureAwait(false);
    });

    /// <summary>Search (11.9): GET /workitems{?query}, the matching of the SCP's C-FIND; 204 when nothing matches.</summary>
    public static Task SearchAsync(HttpContext context) => RunAsync(context, UpsRsTransaction.Search, async (dispatch, ct) =>
    {
        var search = UpsRsSearch.Parse(context.Request.Query);
        var found = await dispatch.Gateway.FindAsync(new CFindRequest(Pull, search.Query.Identifier), Pull, CallingAETitle(context, dispatch.Options), ct,
            UserIdentity(context, dispatch.Options)).ConfigureAwait(false);
        if (found.Matches is not { } stream)
        {
            return found; // refused before it streamed
        }

        var matches = new List<DicomDataset>();
        var skipped = 0;
        await foreach (var match in stream.WithCancellation(ct).ConfigureAwait(false))
        {
            if (skipped++ < search.Offset)
            {
                continue;
            }

            matches.Add(search.AllFields ? match : search.Query.Project(match));
            if (matches.Count == search.Limit)
            {
                break;
            }
        }

        if (matches.Count == 0)
        {
            context.Response.StatusCode = 204;
            await context.Response.StartAsync(ct).ConfigureAwait(false);
            return new DimseResponse(DimseStatus.Success);
        }

        await UpsRsResponses.DatasetsAsync(context, matches, ct).ConfigureAwait(false);
        return new DimseResponse(DimseStatus.Success);
    });

    /// <summary>
    /// Subscribe (11.10): POST /workitems/{workitem}/subscribers/{aetitle}{?deletionlock}{&amp;filter}, for one workitem, the
    /// Worklist (the Global Subscription instance) or the Filtered Worklist; its reports go to the AE's notification connection.
    /// </summary>
    public static Task SubscribeAsync(HttpContext context, string workitem, string aeTitle) => RunAsync(context, UpsRsTransaction.Subscribe, async (dispatch, ct) =>
    {
        var information = Receiving(aeTitle);
        information.Set(DicomTag.DeletionLock, string.Equals(QueryValue(context.Request, "deletionlock"), "true", StringComparison.OrdinalIgnoreCase) ? "TRUE" : "FALSE");
        if (context.Request.Query.TryGetValue("filter", out var filters))
        {
            if (workitem != WellKnownSopInstance.UPSFilteredGlobalSubscription)
            {
                throw new UpsRsRefusal(400, "A filter is given for the Filtered Worklist, 1.2.840.10008.5.1.4.34.5.1.");
            }

            foreach (var key in filters.SelectMany(f => (f ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)))
            {
                AddKey(information, key);
            }
        }

        var result = await dispatch.Workflow.SubscribeAsync(new NActionRequest(Push, workitem, 3, information), ReportDestination.WebSocket, ct).ConfigureAwait(false);
        if (result.Status.AllowsReplyDataset)
        {
            context.Response.Headers.Location = UpsRsNotificationEndpoint.UriOf(context, aeTitle);
        }

        return Outcome(result);
    });

    /// <summary>Unsubscribe (11.11): DELETE /workitems/{workitem}/subscribers/{aetitle}.</summary>
    public static Task UnsubscribeAsync(HttpContext context, string workitem, string aeTitle) => RunAsync(context, UpsRsTransaction.Unsubscribe, async (dispatch, ct) =>
        Outcome(await dispatch.Workflow.UnsubscribeAsync(new NActionRequest(Push, workitem, 4, Receiving(aeTitle)), ReportDestination.WebSocket, ct).ConfigureAwait(false)));

    /// <summary>Suspend Global Subscription (11.12): POST /workitems/{worklist}/subscribers/{aetitle}/suspend.</summary>
    public static Task SuspendAsync(HttpContext context, string workitem, string aeTitle) => RunAsync(context, UpsRsTransaction.SuspendGlobalSubscription, async (dispatch, ct) =>
        Outcome(await dispatch.Workflow.SuspendGlobalSubscriptionAsync(new NActionRequest(Push, workitem, 5, Receiving(aeTitle)), ReportDestination.WebSocket, ct).ConfigureAwait(false)));

    private const string TransactionUidGiven = "Declarative.Dicom.UpsRs.TransactionUidGiven";

    /// <summary>Runs a transaction and answers its status; a refusal before the workflow, or a store that failed, answers too.</summary>
    private static async Task RunAsync(HttpContext context, UpsRsTransaction transaction, Func<UpsRsDispatch, CancellationToken, Task<DimseResponse>> run)
    {
        var dispatch = context.RequestServices.GetRequiredService<UpsRsDispatch>();
        var options = dispatch.Options;
        var logger = context.RequestServices.GetRequiredService<ILogger<UpsRsDispatch>>();
        try
        {
            var result = await run(dispatch, context.RequestAborted).ConfigureAwait(false);
            if (context.Response.HasStarted)
            {
                return; // a payload was written, with its status
            }

            // Only Update and Change State say whether a Transaction UID came; PS3.18 words its absence apart from a wrong one.
            var missing = context.Items.TryGetValue(TransactionUidGiven, out var given) && given is false;
            var status = UpsRsStatus.Of(transaction, result.Status, transactionUidGiven: !missing);
            UpsRsResponses.Status(context, options, status.HttpStatus, status.Warning ?? result.ErrorComment);
            UpsRsLog.Answered(logger, transaction, context.Request.Path, status.HttpStatus, result.Status.ToString());
        }
        catch (UpsRsRefusal refusal)
        {
            UpsRsResponses.Status(context, options, refusal.Status, refusal.Message);
            UpsRsLog.Refused(logger, transaction, context.Request.Path, refusal.Status, refusal.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // The store failed (a database restarting): nothing changed, and the user agent may try again.
            UpsRsResponses.Status(context, options, 503, "The worklist is unavailable; try again.");
            UpsRsLog.Failed(logger, transaction, context.Request.Path, ex);
        }
    }

    /// <summary>A request to the handler on a context for <paramref name="abstractSyntax"/>, from the AE title the HTTP request stands for.</summary>
    private static Task<DimseResponse> Send(HttpContext context, UpsRsDispatch dispatch, DimseRequest request, string abstractSyntax, CancellationToken cancellationToken) =>
        dispatch.Gateway.SendAsync(request, abstractSyntax, CallingAETitle(context, dispatch.Options), cancellationToken, UserIdentity(context, dispatch.Options));

    /// <summary>The user <see cref="UpsRsOptions.UserIdentityOf"/> gives the request, else its authenticated user's name, else none.</summary>
    private static Network.DicomUserIdentity? UserIdentity(HttpContext context, UpsRsOptions options) =>
        options.UserIdentityOf is { } of
            ? of(context)
            : context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? Network.DicomUserIdentity.FromUsername(name) : null;

    /// <summary>The AE title <see cref="UpsRsOptions.CallingAETitleOf"/> gives the request, when it is one, else the default.</summary>
    private static string CallingAETitle(HttpContext context, UpsRsOptions options) =>
        options.CallingAETitleOf?.Invoke(context) is { } aeTitle && IsAETitle(aeTitle) ? aeTitle : options.CallingAETitle;

    /// <summary>1 to 16 characters of the default repertoire, not all spaces, no backslash (PS3.5 6.2, VR AE).</summary>
    internal static bool IsAETitle(string text) => text.Length is > 0 and <= 16 && !text.Any(c => c is '\\' or < ' ' or > '~') && text.Trim().Length > 0;

    private static DimseResponse Outcome(DimseResult result) => DimseResponse.FromStatus(result.Status, result.ErrorComment);

    private static bool HasTransactionUid(DicomDataset dataset) => !string.IsNullOrEmpty(dataset.GetStringOrDefault(DicomTag.TransactionUID));

    private static Task<DicomDataset?> BodyAsync(HttpContext context, CancellationToken cancellationToken) =>
        UpsRsRequestBody.ReadAsync(context.Request, context.RequestServices.GetRequiredService<UpsRsDispatch>().Options.MaxRequestBodyBytes, cancellationToken);

    /// <summary>Action Information naming the subscriber, refused as 400 when the path's AE title is none (PS3.5 VR AE).</summary>
    private static DicomDataset Receiving(string aeTitle)
    {
        if (!IsAETitle(aeTitle))
        {
            throw new UpsRsRefusal(400, $"'{aeTitle}' is not an AE title (1 to 16 characters, no backslash or control characters).");
        }

        return new DicomDataset().Set(DicomTag.ReceivingAE, aeTitle);
    }

    private static void AddKey(DicomDataset keys, string key)
    {
        var equals = key.IndexOf('=');
        try
        {
            DicomQueryKeys.Add(keys, equals < 0 ? key : key[..equals], equals < 0 ? null : key[(equals + 1)..]);
        }
        catch (FormatException ex)
        {
            throw new UpsRsRefusal(400, ex.Message);
        }
    }

    /// <summary>A query parameter by one of its names, or the bare query (<c>?1.2.3</c>) PS3.18's templates write.</summary>
    private static string? QueryValue(HttpRequest request, params string[] names)
    {
        foreach (var name in names)
        {
            if (request.Query.TryGetValue(name, out var value) && value.Count > 0 && !string.IsNullOrEmpty(value[0]))
            {
                return value[0];
            }
        }

        var bare = request.QueryString.Value?.TrimStart('?');
        return names.Length > 0 && names[0] is "workitem" or "transaction" && bare is { Length: > 0 } && !bare.Contains('=') && !bare.Contains('&') ? bare : null;
    }

    private static string WorkitemUri(HttpContext context, string uid) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{UpsRsEndpointRouteBuilderExtensions.PrefixOf(context)}/workitems/{uid}";
}
