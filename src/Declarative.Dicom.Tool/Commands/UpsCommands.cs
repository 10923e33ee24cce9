using System.CommandLine;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Listening;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>
/// `ups create|subscribe|unsubscribe|state|watch`: a Unified Procedure Step SCU from the shell (PS3.4 CC). Requests name UPS
/// Push and go on the context PS3.4 gives each (Push for create, Pull for state, Watch for the subscriptions).
/// </summary>
internal static class UpsCommands
{
    private const string Push = SopClass.UnifiedProcedureStepPush;

    public static Command Create()
    {
        var ups = new Command("ups", "Unified Procedure Step: create workitems, change their state, subscribe and watch their events.");
        ups.Subcommands.Add(CreateCommand());
        ups.Subcommands.Add(SubscribeCommand(subscribe: true));
        ups.Subcommands.Add(SubscribeCommand(subscribe: false));
        ups.Subcommands.Add(StateCommand());
        ups.Subcommands.Add(WatchCommand());
        return ups;
    }

    private static Argument<string> PeerArgument() => new("peer") { Description = "the UPS SCP: AE@host:port, or a name from the peers file" };

    private static Command CreateCommand()
    {
        var peer = PeerArgument();
        var workitem = new NewWorkitem();
        var command = new Command("create", "N-CREATE a SCHEDULED workitem (UPS Push) and print its UID.") { peer };
        foreach (var option in workitem.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var response = await SendAsync(parsed, peer, new NCreateRequest(Push, workitem.Uid(parsed), workitem.Dataset(parsed)), cancellationToken);
            var created = response.AffectedSopInstanceUid ?? workitem.Uid(parsed);
            Console.WriteLine($"N-CREATE workitem {created}: {StatusText.Describe(response)}");
            return Outcome(response);
        }));
        return command;
    }

    private static Command SubscribeCommand(bool subscribe)
    {
        var peer = PeerArgument();
        var receiver = new Option<string?>("--receiver") { Description = "the AE the SCP sends events to (default: --aet)" };
        var workitem = new Option<string?>("--workitem") { Description = "one workitem's UID (default: every workitem, a global subscription)" };
        var deletionLock = new Option<bool>("--lock") { Description = "ask for a deletion lock (subscribe only)" };
        var command = subscribe
            ? new Command("subscribe", "N-ACTION Subscribe (UPS Watch, 3): events of one workitem or of all to a receiving AE.") { peer, receiver, workitem, deletionLock }
            : new Command("unsubscribe", "N-ACTION Unsubscribe (UPS Watch, 4).") { peer, receiver, workitem };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var response = await SubscriptionAsync(parsed, peer, parsed.GetValue(receiver) ?? parsed.GetRequiredValue(CommonOptions.CallingAE),
                parsed.GetValue(workitem), subscribe, parsed.GetValue(deletionLock), cancellationToken);
            Console.WriteLine($"{(subscribe ? "Subscribe" : "Unsubscribe")} {parsed.GetValue(workitem) ?? "(global)"}: {StatusText.Describe(response)}");
            return Outcome(response);
        }));
        return command;
    }

    private static Command StateCommand()
    {
        var peer = PeerArgument();
        var workitem = new Argument<string>("workitem") { Description = "the workitem's SOP Instance UID" };
        var state = new Argument<string>("state") { Description = "IN PROGRESS, COMPLETED or CANCELED" };
        var transaction = new Option<string?>("--transaction") { Description = "the Transaction UID (claiming: default a new one, printed; completing: the one claimed with)" };
        var command = new Command("state", "N-ACTION Change State (UPS Pull, 1): claim, complete or cancel a workitem.") { peer, workitem, state, transaction };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var wanted = parsed.GetRequiredValue(state).ToUpperInvariant();
            var transactionUid = parsed.GetValue(transaction) ?? (wanted == "IN PROGRESS"
                ? DicomUid.Generate()
                : throw new UsageException($"changing to {wanted} needs --transaction, the Transaction UID the workitem was claimed with"));
            var request = new NActionRequest(Push, parsed.GetRequiredValue(workitem), 1,
                new DicomDataset().Set(DicomTag.ProcedureStepState, wanted).Set(DicomTag.TransactionUID, transactionUid))
            {
                ContextSopClassUid = SopClass.UnifiedProcedureStepPull,
            };
            var response = await SendAsync(parsed, peer, request, cancellationToken);
            Console.WriteLine($"Change State {parsed.GetRequiredValue(workitem)} to {wanted} (Transaction UID {transactionUid}): {StatusText.Describe(response)}");
            return Outcome(response);
        }));
        return command;
    }

    private static Command WatchCommand()
    {
        var peer = PeerArgument();
        var address = new Option<string>("--listen") { Description = "where the SCP sends our events: AE@host:port, as the SCP's table knows us", Required = true };
        var workitem = new Option<string?>("--workitem") { Description = "one workitem's UID (default: every workitem)" };
        var json = new Option<bool>("--json") { Description = "one JSON line per event" };
        var command = new Command("watch", "Listen for UPS events, subscribe at the SCP, print each event until stopped, then unsubscribe.") { peer, address, workitem, json };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            RemoteApplicationEntity us;
            try
            {
                us = RemoteApplicationEntity.Parse(parsed.GetRequiredValue(address), allowAnyPort: true);
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }

            var listener = new ReportListener(DimseStatus.Success);
            var output = TextWriter.Synchronized(Console.Out);
            var asJson = parsed.GetValue(json);
            listener.Received += report => output.WriteLine(asJson ? report.ToJson() : report.ToText());
            using var loggers = CommonOptions.Loggers(parsed);
            await using var server = new DicomServer(new DicomServerOptions { AETitle = us.AETitle, Host = us.Host, Port = us.Port }, listener, loggers).Start();
            var subscribed = await SubscriptionAsync(parsed, peer, us.AETitle, parsed.GetValue(workitem), subscribe: true, deletionLock: false, cancellationToken);
            Console.Error.WriteLine($"Watching as {us.AETitle} on {us.Host}:{server.Port}: Subscribe {StatusText.Describe(subscribed)}; Ctrl+C or SIGTERM stops.");
            if (Outcome(subscribed) != ExitCodes.Ok)
            {
                return ExitCodes.Failure;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            var unsubscribed = await SubscriptionAsync(parsed, peer, us.AETitle, parsed.GetValue(workitem), subscribe: false, deletionLock: false, CancellationToken.None);
            Console.Error.WriteLine($"Unsubscribe: {StatusText.Describe(unsubscribed)}");
            await server.StopAsync(drain: TimeSpan.FromSeconds(5));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Task<DimseResponse> SubscriptionAsync(ParseResult parsed, Argument<string> peer, string receiver, string? workitem, bool subscribe, bool deletionLock,
        CancellationToken cancellationToken)
    {
        var information = new DicomDataset().Set(DicomTag.ReceivingAE, receiver);
        if (subscribe)
        {
            information.Set(DicomTag.DeletionLock, deletionLock ? "TRUE" : "FALSE");
        }

        var request = new NActionRequest(Push, workitem ?? WellKnownSopInstance.UPSGlobalSubscription, (ushort)(subscribe ? 3 : 4), information)
        {
            ContextSopClassUid = SopClass.UnifiedProcedureStepWatch,
        };
        return SendAsync(parsed, peer, request, cancellationToken);
    }

    /// <summary>One request on an association proposing the context PS3.4 gives it; the request names UPS Push (CC.3.1).</summary>
    private static async Task<DimseResponse> SendAsync(ParseResult parsed, Argument<string> peer, DimseRequest request, CancellationToken cancellationToken)
    {
        var remote = CommonOptions.Peer(parsed, peer);
        using var loggers = CommonOptions.Loggers(parsed);
        await using var association = await DicomClient.ConnectAsync(remote, [new PresentationContextRequest(request.ContextSopClassUid ?? request.SopClassUid)],
            CommonOptions.ClientOptions(parsed), loggerFactory: loggers, cancellationToken: cancellationToken);
        var response = await association.SendAsync(request, cancellationToken);
        await association.ReleaseAsync(cancellationToken);
        return response;
    }

    private static int Outcome(DimseResponse response) => response.Status.Category == DimseStatusCategory.Failure ? ExitCodes.Failure : ExitCodes.Ok;

}
