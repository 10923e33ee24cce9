using System.Net;
using System.Net.WebSockets;
using System.Security.Claims;
using Declarative.Dicom.AspNetCore;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.State;
using Declarative.Dicom.TestSupport;
using Declarative.Dicom.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static Declarative.Dicom.Tests.Web.UpsRsWorkitems;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// The UPS-RS endpoints as a web service on a hospital network must be: behind the application's bearer-token check (the
/// HTTP transactions and the notification connection alike), and over TLS, the watcher included.
/// </summary>
public sealed partial class UpsRsSecurityTests
{
    /// <summary>Two users, each with the AE title it acts as (a claim of its token).</summary>
    private static ValueTask<ClaimsPrincipal?> Validate(string token, CancellationToken _) => new(token switch
    {
        "ward-7-token" => User("ward7", "WARD7"),
        "ris-token" => User("ris", "RIS"),
        _ => null,
    });

    private static ClaimsPrincipal User(string name, string aeTitle) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim("dicom_ae", aeTitle)], DicomWebBearerTokenHandler.SchemeName));

    /// <summary>The application's rule: only ward users claim workitems, whoever they are by DIMSE or over UPS-RS.</summary>
    public sealed partial class WardsClaim(UnifiedProcedureStepWorkflow ups)
    {
        [NAction(SopClass.UnifiedProcedureStepPull, UpsChangeState.ActionTypeId)]
        public Task<DimseResult> OnChangeState(NActionRequest request, CancellationToken cancellationToken) =>
            request.Association?.UserIdentity?.Username?.StartsWith("ward", StringComparison.Ordinal) == true
                ? ups.ChangeStateAsync(request, cancellationToken: cancellationToken)
                : Task.FromResult(DimseResult.Failure(DimseStatus.NotAuthorized, $"{request.Association?.UserIdentity?.Username ?? "nobody"} may not claim workitems"));
    }

    private static Task<UpsRsTestHost> StartWithTokensAsync() =>
        UpsRsTestHost.StartAsync(new InMemoryInstanceStore(), handler: ups => ups.With(new WardsClaim(ups)), configure: o =>
            {
                o.AuthorizationPolicy = "worklist";
                o.CallingAETitleOf = context => context.User.FindFirst("dicom_ae")?.Value;
            },
            services: builder =>
            {
                builder.Services.AddAuthentication(DicomWebBearerTokenHandler.SchemeName).AddDicomWebBearerTokens(Validate);
                builder.Services.AddAuthorization(o => o.AddPolicy("worklist", policy => policy.RequireAuthenticatedUser()));
            },
            middleware: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
            });

    [Fact]
    public async Task WithAPolicy_EveryTransactionAndTheNotificationConnection_NeedAValidBearerToken()
    {
        await using var host = await StartWithTokensAsync();
        using var anonymous = host.Client();
        using var wrong = host.Client(_ => new("stolen"));
        using var ward = host.Client(_ => new("ward-7-token"));

        var statuses = new List<int>
        {
            (await anonymous.CreateAsync(Scheduled("CT head"), "1.2.826.0.7.1")).Status,
            (await wrong.CreateAsync(Scheduled("CT head"), "1.2.826.0.7.1")).Status,
            (await ward.CreateAsync(Scheduled("CT head"), "1.2.826.0.7.1")).Status,
            (await anonymous.RetrieveAsync("1.2.826.0.7.1")).Status,
            (await wrong.SearchAsync([])).Status,
            (await ward.SearchAsync([])).Status,
        };
        Assert.Equal([401, 401, 201, 401, 401, 200], statuses);

        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(ward.NotificationUri("WARD7"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);

        // The watcher sends the token on the upgrade too, and hears the workitem.
        var heard = new HeardUpsEvents();
        await using var watcher = new UpsRsWatcher(ward, "WARD7", heard).Watch("1.2.826.0.7.1");
        await watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await ward.ChangeStateAsync("1.2.826.0.7.1", "CANCELED", DicomUid.Generate()); // refused (not IN PROGRESS): no report
        await ward.RequestCancellationAsync("1.2.826.0.7.1");
        await heard.Final.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["1.2.826.0.7.1 state SCHEDULED input READY", "1.2.826.0.7.1 state CANCELED input READY"], heard.Heard);
    }

    [Fact]
    public async Task AUsersAETitle_IsThePerformersOver_UpsRs_SoACancellationRequestReachesItsNotificationConnection()
    {
        await using var host = await StartWithTokensAsync();
        using var ward = host.Client(_ => new("ward-7-token"));
        using var ris = host.Client(_ => new("ris-token"));
        Assert.Equal(201, (await ris.CreateAsync(Scheduled("CT head"), "1.2.826.0.7.2")).Status);
        var performer = new HeardUpsEvents();
        await using var watcher = new UpsRsWatcher(ward, "WARD7", performer).Watch("1.2.826.0.7.2");
        await watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await ward.ChangeStateAsync("1.2.826.0.7.2", "IN PROGRESS", DicomUid.Generate())).Status);

        // The performer (WARD7, by its token) subscribed as WARD7: PS3.4 lets the request through to it (else 0xC312, 409).
        var requested = await ris.RequestCancellationAsync("1.2.826.0.7.2", new DicomDataset().Set(DicomTag.ReasonForCancellation, "patient left"));

        Assert.Equal(202, requested.Status);
        await Eventually.TrueAsync(() => performer.Heard.Count == 3, "the performer to hear the cancellation request");
        Assert.Equal("1.2.826.0.7.2 cancel requested by 'RIS': patient left", performer.Heard[2]);
    }

    [Fact]
    public async Task TheTokensUser_IsTheHandlersUserIdentity_SoOneRuleAuthorizesBothChannels()
    {
        await using var host = await StartWithTokensAsync();
        using var ward = host.Client(_ => new("ward-7-token"));
        using var ris = host.Client(_ => new("ris-token"));
        await ris.CreateAsync(Scheduled("CT head"), "1.2.826.0.7.3");

        var byRis = await ris.ChangeStateAsync("1.2.826.0.7.3", "IN PROGRESS", DicomUid.Generate());
        DimseResponse byDimseRis;
        await using (var association = await DicomClient.ConnectAsync(host.DimseAddress, [new PresentationContextRequest(SopClass.UnifiedProcedureStepPull)],
            new DicomClientOptions { UserIdentity = DicomUserIdentity.FromUsername("ris") }))
        {
            byDimseRis = await association.SendAsync(new NActionRequest(SopClass.UnifiedProcedureStepPush, "1.2.826.0.7.3", 1,
                new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.TransactionUID, DicomUid.Generate())) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull });
            await association.ReleaseAsync();
        }

        var byWard = await ward.ChangeStateAsync("1.2.826.0.7.3", "IN PROGRESS", DicomUid.Generate());

        Assert.Equal((0x0124, "ris may not claim workitems"), (byDimseRis.Status.Code, byDimseRis.ErrorComment));
        Assert.Equal((403, "299 declarative-dicom: ris may not claim workitems"), (byRis.Status, byRis.Warning));
        Assert.Equal(200, byWard.Status);
    }

    [Fact]
    public async Task OverTls_TheTransactionsAndTheWatcherWork_AndPlainHttpGetsNoAnswer()
    {
        var certificate = TestCertificates.SelfSigned();
        await using var host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore(), certificate: certificate);
        Assert.Equal("https", host.BaseUri.Scheme);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var client = new UpsRsClient(host.BaseUri, new HttpClient(handler));
        var heard = new HeardUpsEvents();
        var options = new UpsRsWatcherOptions
        {
            ConfigureWebSocket = socket => socket.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.Thumbprint,
        };
        await using var watcher = new UpsRsWatcher(client, "SECURE", heard, options).WatchWorklist();
        await watcher.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(201, (await client.CreateAsync(Scheduled("CT head"), "1.2.826.0.8.1")).Status);
        await client.RequestCancellationAsync("1.2.826.0.8.1");
        await heard.Final.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("wss://", client.NotificationUri("SECURE").AbsoluteUri);
        Assert.Equal(2, heard.Heard.Count);

        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new UriBuilder(host.BaseUri) { Scheme = "http" }.Uri + "workitems"));
    }
}
