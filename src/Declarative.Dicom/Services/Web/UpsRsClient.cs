using System.Net.Http.Headers;
using System.Text;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;

namespace Declarative.Dicom.Web;

/// <summary>
/// A UPS-RS user agent (PS3.18 11): the Worklist Service's transactions against an origin server, in DICOM JSON. Each
/// answers the origin server's status and Warning as it came; none throws for a refusal (a 4xx is an answer).
/// </summary>
public sealed class UpsRsClient : IDisposable
{
    private const string MediaType = "application/dicom+json";
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Func<CancellationToken, ValueTask<string?>>? _accessToken;

    /// <param name="baseUri">The service's base, e.g. <c>https://pacs.example/dicomweb/</c>.</param>
    /// <param name="http">A client of the application's (its handler's TLS and proxy settings); null: one of our own.</param>
    /// <param name="accessToken">A bearer token for each request (null: none).</param>
    public UpsRsClient(Uri baseUri, HttpClient? http = null, Func<CancellationToken, ValueTask<string?>>? accessToken = null)
    {
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _http = http ?? new HttpClient();
        _ownsHttp = http is null;
        _accessToken = accessToken;
    }

    public Uri BaseUri { get; }

    /// <summary>Create (11.4): a SCHEDULED workitem; with <paramref name="uid"/> as its UID, else the dataset's or one the server assigns (Location).</summary>
    public Task<UpsRsResponse> CreateAsync(DicomDataset workitem, string? uid = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, uid is null ? "workitems" : $"workitems?{Uri.EscapeDataString(uid)}", workitem, cancellationToken);

    /// <summary>Retrieve (11.5).</summary>
    public Task<UpsRsResponse> RetrieveAsync(string workitem, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"workitems/{Uri.EscapeDataString(workitem)}", null, cancellationToken);

    /// <summary>Update (11.6): the attributes to change; the Transaction UID of an IN PROGRESS workitem.</summary>
    public Task<UpsRsResponse> UpdateAsync(string workitem, DicomDataset changes, string? transactionUid = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"workitems/{Uri.EscapeDataString(workitem)}" + (transactionUid is null ? string.Empty : $"?{Uri.EscapeDataString(transactionUid)}"), changes, cancellationToken);

    /// <summary>Change State (11.7): IN PROGRESS (claiming, with a new Transaction UID), COMPLETED or CANCELED (with the claim's).</summary>
    public Task<UpsRsResponse> ChangeStateAsync(string workitem, string state, string transactionUid, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"workitems/{Uri.EscapeDataString(workitem)}/state",
            new DicomDataset().Set(DicomTag.ProcedureStepState, state).Set(DicomTag.TransactionUID, transactionUid), cancellationToken);

    /// <summary>Request Cancellation (11.8), with the reason and contact it may carry.</summary>
    public Task<UpsRsResponse> RequestCancellationAsync(string workitem, DicomDataset? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"workitems/{Uri.EscapeDataString(workitem)}/cancelrequest", reason ?? new DicomDataset(), cancellationToken);

    /// <summary>Search (11.9): query parameters as PS3.18 8.3.4 writes them (<c>ProcedureStepState=SCHEDULED</c>, <c>includefield=all</c>).</summary>
    public Task<UpsRsResponse> SearchAsync(IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken = default)
    {
        var query = string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return SendAsync(HttpMethod.Get, query.Length == 0 ? "workitems" : $"workitems?{query}", null, cancellationToken);
    }

    /// <summary>
    /// Subscribe (11.10) <paramref name="aeTitle"/> to a workitem, the worklist (<see cref="WellKnownSopInstance.UPSGlobalSubscription"/>)
    /// or the filtered worklist with <paramref name="filter"/> (<c>attribute=value</c> each). Open the notification connection first.
    /// </summary>
    public Task<UpsRsResponse> SubscribeAsync(string target, string aeTitle, bool deletionLock = false, IEnumerable<string>? filter = null,
        CancellationToken cancellationToken = default)
    {
        var query = $"deletionlock={(deletionLock ? "true" : "false")}" + (filter is null ? string.Empty : $"&filter={Uri.EscapeDataString(string.Join(",", filter))}");
        return SendAsync(HttpMethod.Post, $"{SubscribersOf(target)}/{Uri.EscapeDataString(aeTitle)}?{query}", null, cancellationToken);
    }

    /// <summary>Unsubscribe (11.11).</summary>
    public Task<UpsRsResponse> UnsubscribeAsync(string target, string aeTitle, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"{SubscribersOf(target)}/{Uri.EscapeDataString(aeTitle)}", null, cancellationToken);

    /// <summary>Suspend Global Subscription (11.12).</summary>
    public Task<UpsRsResponse> SuspendGlobalSubscriptionAsync(string aeTitle, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"{SubscribersOf(WellKnownSopInstance.UPSGlobalSubscription)}/{Uri.EscapeDataString(aeTitle)}/suspend", null, cancellationToken);

    /// <summary>The notification connection of <paramref name="aeTitle"/> (PS3.18 8.10.4): ws or wss beside the service.</summary>
    public Uri NotificationUri(string aeTitle)
    {
        var builder = new UriBuilder(new Uri(BaseUri, $"subscribers/{Uri.EscapeDataString(aeTitle)}"));
        builder.Scheme = builder.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return builder.Uri;
    }

    /// <summary>The bearer token for a request, when the client was given a source of them.</summary>
    public ValueTask<string?> AccessTokenAsync(CancellationToken cancellationToken) =>
        _accessToken is null ? new ValueTask<string?>((string?)null) : _accessToken(cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string SubscribersOf(string target) => $"workitems/{Uri.EscapeDataString(target)}/subscribers";

    private async Task<UpsRsResponse> SendAsync(HttpMethod method, string relative, DicomDataset? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        if (await AccessTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent($"[{DicomJsonWriter.Write(body)}]", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var datasets = new List<DicomDataset>();
        // Datasets come with a success; what a refusal carries (a status report, an error page) is not read as one.
        if (response.IsSuccessStatusCode && payload.Length > 0 && response.Content.Headers.ContentType?.MediaType is MediaType or "application/json")
        {
            datasets.AddRange(DicomJsonReader.ReadAll(payload));
        }

        var warning = response.Headers.TryGetValues("Warning", out var warnings) ? string.Join("; ", warnings) : null;
        return new UpsRsResponse((int)response.StatusCode, warning, datasets, response.Headers.Location);
    }
}
