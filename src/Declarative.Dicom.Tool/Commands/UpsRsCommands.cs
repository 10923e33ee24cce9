using System.CommandLine;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Listening;
using Declarative.Dicom.Tool.Web;
using Declarative.Dicom.Web;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>
/// `ups-rs create|get|update|state|cancel|search|subscribe|unsubscribe|watch`: a UPS-RS user agent (PS3.18 11) from the
/// shell, against an origin server's base URL (e.g. http://127.0.0.1:8080/dicomweb). The subscriber is --aet.
/// </summary>
internal static class UpsRsCommands
{
    public static Command Create()
    {
        var upsRs = new Command("ups-rs", "Unified Procedure Step over DICOMweb (UPS-RS): send the Worklist Service's requests, subscribe and watch events.") { Token };
        upsRs.Subcommands.Add(CreateCommand());
        upsRs.Subcommands.Add(GetCommand());
        upsRs.Subcommands.Add(UpdateCommand());
        upsRs.Subcommands.Add(StateCommand());
        upsRs.Subcommands.Add(CancelCommand());
        upsRs.Subcommands.Add(SearchCommand());
        upsRs.Subcommands.Add(SubscribeCommand(subscribe: true));
        upsRs.Subcommands.Add(SubscribeCommand(subscribe: false));
        upsRs.Subcommands.Add(WatchCommand());
        return upsRs;
    }

    private static readonly Option<string?> Token = new("--token") { Description = "a bearer token for the origin server (default $DICOM_EVENTS_TOKEN)", Recursive = true };

    private static Argument<string> OriginArgument() => new("origin") { Description = "the service's base URL, e.g. http://127.0.0.1:8080/dicomweb" };

    private static Argument<string> WorkitemArgument() => new("workitem") { Description = "the workitem's UID" };

    private static Command CreateCommand()
    {
        var origin = OriginArgument();
        var workitem = new NewWorkitem();
        var command = new Command("create", "Create Workitem (11.4): a SCHEDULED workitem; prints its UID.") { origin };
        foreach (var option in workitem.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(Run(origin, async (client, parsed, cancellationToken) =>
        {
            var response = await client.CreateAsync(workitem.Dataset(parsed), workitem.Uid(parsed), cancellationToken);
            Console.WriteLine($"Create workitem {response.Location?.Segments[^1] ?? workitem.Uid(parsed)}: {response}");
            return response;
        }));
        return command;
    }

    private static Command GetCommand()
    {
        var origin = OriginArgument();
        var workitem = WorkitemArgument();
        var command = new Command("get", "Retrieve Workitem (11.5): print it as DICOM JSON.") { origin, workitem };
        command.SetAction(Run(origin, async (client, parsed, cancellationToken) =>
        {
            var response = await client.RetrieveAsync(parsed.GetRequiredValue(workitem), cancellationToken);
            PrintDatasets(response, asJsonLines: false);
            return response;
        }));
        return command;
    }

    private static Command UpdateCommand()
    {
        var origin = OriginArgument();
        var workitem = WorkitemArgument();
        var json = new Option<string>("--json") { Description = "the attributes to change, as a DICOM JSON file", Required = true };
        var transaction = new Option<string?>("--transaction") { Description = "the Transaction UID the workitem was claimed with (IN PROGRESS)" };
        var command = new Command("update", "Update Workitem (11.6).") { origin, workitem, json, transaction };
        command.SetAction(Run(origin, async (client, parsed, cancellationToken) =>
        {
            var response = await client.UpdateAsync(parsed.GetRequiredValue(workitem), DicomJsonFiles.Read(parsed.GetRequiredValue(json), "--json"),
                parsed.GetValue(transaction), cancellationToken);
            Console.WriteLine($"Update {parsed.GetRequiredValue(workitem)}: {response}");
            return response;
        }));
        return command;
    }

    private static Command StateCommand()
    {
        var origin = OriginArgument();
        var workitem = WorkitemArgument();
        var state = new Argument<string>("state") { Description = "IN PROGRESS, COMPLETED or CANCELED" };
        var transaction = new Option<string?>("--transaction") { Description = "the Transaction UID (claiming: default a new one, printed; completing: the one claimed with)" };
        var command = new Command("state", "Change Workitem State (11.7): claim, complete or cancel.") { origin, workitem, state, transaction };
        command.SetAction(Run(origin, async (client, parsed, cancellationToken) =>
        {
            var wanted = parsed.GetRequiredValue(state).ToUpperInvariant();
            var transactionUid = parsed.GetValue(transaction) ?? (wanted == "IN PROGRESS"
                ? DicomUid.Generate()
                : throw new UsageException($"changing to {wanted} needs --transaction, the Transaction UID the workitem was claimed with"));
            var response = await client.ChangeStateAsync(parsed.GetRequiredValue(workitem), wanted, transactionUid, cancellationToken);
            Console.WriteLine($"Change State {parsed.GetRequiredValue(workitem)} to {wanted} (Transaction UID {transactionUid}): {response}");
            return response;
        }));
        return command;
    }

    private static Command CancelCommand()
    {
        var origin = OriginArgument();
        var workitem = WorkitemArgument();
        var reason = new Option<string?>("--reason") { Description = "Reason For Cancellation" };
        var command = new Command("cancel", "Request Cancellation (11.8).") { origin, workitem, reason };
        command.SetAction(Run(origin, async (client, parsed, cancellationToken) =>
        {
            var information = parsed.GetValue(reason) is { } text ? new DicomDataset().Set(DicomTag.ReasonForCancellation, text) : null;
            var response = await client.RequestCancellationAsync(parsed.GetRequiredValue(workitem), information, cancellationToken);
            Console.WriteLine($"Request Cancellation {parsed.GetRequiredValue(workitem)}: {response}");
            return response;
        }));
        return command;
    }

    private static Command SearchCommand()
    {
        var origin = OriginArgument();
        var keys = new Option<string[]>("-k", "--key") { Description = "a query parameter: ProcedureStepState=SCHEDULED, includefield=all, limit=10", AllowMultipleArgumentsPerToken = false };
        var command = new Command("search", "Search for Workitems (11.9): one DICOM JSON line per match.") { origin, keys };
        command.SetAction(Run(origin, async (client, parsed, cancellationToken) =>
        {
            var parameters = (parsed.GetValue(keys) ?? []).Select(k => k.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : string.Empty));
            var response = await client.SearchAsync(parameters, cancellationToken);
            PrintDatasets(response, asJsonLines: true);
            Console.Error.WriteLine($"Search: {response}, {response.Datasets.Count} match(es)");
            return response;
        }));
        return command;
    }

    private static Command SubscribeCommand(bool subscribe)
    {
        var origin = OriginArgument();
        var workitem = new Option<string?>("--workitem") { Description = "one workitem's UID (default: the worklist, a global subscription)" };
        var filter = new Option<string[]>("--filter") { Description = "attribute=value: the filtered worklist (subscribe only)" };
        var deletionLock = new Option<bool>("--lock") { Description = "ask for a deletion lock (subscribe only)" };
        var command = subscribe
            ? new Command("subscribe", "Subscribe (11.10) --aet to a workitem, the worklist or the filtered worklist.") { origin, workitem, filter, deletionLock }
            : new Command("unsubscribe", "Unsubscribe (11.11) --aet.") { origin, workitem };
        command.SetAction(Run(origin, async (client, parsed, cancellationToken) =>
        {
            var filters = parsed.GetValue(filter) is { Length: > 0 } f ? f : null;
            var target = parsed.GetValue(workitem)
                ?? (filters is null ? WellKnownSopInstance.UPSGlobalSubscription : WellKnownSopInstance.UPSFilteredGlobalSubscription);
            var aeTitle = parsed.GetRequiredValue(CommonOptions.CallingAE);
            var response = subscribe
                ? await client.SubscribeAsync(target, aeTitle, parsed.GetValue(deletionLock), filters, cancellationToken)
                : await client.UnsubscribeAsync(target, aeTitle, cancellationToken);
            Console.WriteLine($"{(subscribe ? "Subscribe" : "Unsubscribe")} {aeTitle} to {target}: {response}");
            return response;
        }));
        return command;
    }

    private static Command WatchCommand()
    {
        var origin = OriginArgument();
        var workitems = new Option<string[]>("--workitem") { Description = "a workitem to watch (repeatable; default: the worklist)" };
        var filter = new Option<string[]>("--filter") { Description = "attribute=value: watch the filtered worklist" };
        var json = new Option<bool>("--json") { Description = "one JSON line per event" };
        var web = new Option<bool>("--web") { Description = "also serve a live page of the events" };
        var httpPort = new Option<int>("--http-port") { Description = "the live page's port (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var httpHost = new Option<string>("--http-host") { Description = "the live page's address", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("watch", "Open the notification connection as --aet, subscribe, print each event until stopped, then unsubscribe.")
        {
            origin, workitems, filter, json, web, httpPort, httpHost,
        };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            using var client = Client(parsed, origin);
            var listener = new ReportListener(DimseStatus.Success);
            var output = TextWriter.Synchronized(Console.Out);
            var asJson = parsed.GetValue(json);
            listener.Received += report => output.WriteLine(asJson ? report.ToJson() : report.ToText());
            await using var page = parsed.GetValue(web) ? await LivePageOfAsync(listener, parsed, httpHost, httpPort, cancellationToken) : null;
            using var loggers = CommonOptions.Loggers(parsed);
            var aeTitle = parsed.GetRequiredValue(CommonOptions.CallingAE);
            await using var watcher = new UpsRsWatcher(client, aeTitle, listener, logger: Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<UpsRsWatcher>(loggers));
            foreach (var workitem in parsed.GetValue(workitems) ?? [])
            {
                watcher.Watch(workitem);
            }

            if (parsed.GetValue(workitems) is not { Length: > 0 })
            {
                watcher.WatchWorklist(parsed.GetValue(filter) ?? []);
            }

            watcher.Resynchronized += (uid, workitem) => Console.Error.WriteLine($"Read again: {uid} is {workitem?.GetStringOrDefault(DicomTag.ProcedureStepState) ?? "gone"}");
            watcher.Disconnected += reason => Console.Error.WriteLine($"Connection lost: {reason}; reconnecting");
            await watcher.StartAsync(cancellationToken);
            Console.Error.WriteLine($"Watching as {aeTitle} at {client.NotificationUri(aeTitle)}{(page is null ? string.Empty : $"; live page {page.Address}")}; Ctrl+C or SIGTERM stops.");
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            Console.Error.WriteLine("Stopping: unsubscribing.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<LivePage> LivePageOfAsync(ReportListener listener, ParseResult parsed, Option<string> host, Option<int> port, CancellationToken cancellationToken)
    {
        var feed = new LiveFeed();
        listener.Received += report => feed.Publish(report.ToJson(forLivePage: true));
        return await LivePage.StartAsync(feed, parsed.GetRequiredValue(host), parsed.GetValue(port), cancellationToken);
    }

    /// <summary>A command's action: a client for the origin, the request, and the exit code its HTTP status gives (2xx: 0, else 1).</summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Run(Argument<string> origin, Func<UpsRsClient, ParseResult, CancellationToken, Task<UpsRsResponse>> request) =>
        DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            using var client = Client(parsed, origin);
            var response = await request(client, parsed, cancellationToken);
            return response.IsSuccess ? ExitCodes.Ok : ExitCodes.Failure;
        });

    private static UpsRsClient Client(ParseResult parsed, Argument<string> origin)
    {
        var text = parsed.GetRequiredValue(origin);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"'{text}' is not an http or https URL of a UPS-RS service");
        }

        var token = parsed.GetValue(Token) ?? Environment.GetEnvironmentVariable("DICOM_EVENTS_TOKEN");
        var http = new HttpClient { Timeout = CommonOptions.TimeoutOf(parsed) };
        return new UpsRsClient(uri, http, token is null ? null : _ => new ValueTask<string?>(token));
    }

    private static void PrintDatasets(UpsRsResponse response, bool asJsonLines)
    {
        foreach (var dataset in response.Datasets)
        {
            Console.WriteLine(DicomJsonWriter.Write(dataset, indented: !asJsonLines));
        }

        if (!asJsonLines)
        {
            Console.Error.WriteLine($"Retrieve: {response}");
        }
    }
}
