using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using static Declarative.Dicom.Benchmarks.ProfileProcesses;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `ups-load [--workitems 200] [--subscribers 10] [--rounds 1] [--web]`: a UPS SCP (the framework's workflow) with S
/// subscribers watching globally, and a performer that creates, claims, completes each of N workitems on one association —
/// each change a State Report to every subscriber, through the outbox. Run on the SQLite store and on the in-memory store
/// (the baseline: the same workflow without durability) in one run; prints workitems/s (the performer's requests answered)
/// and reports/s (until every report was delivered to a subscriber on 127.0.0.1). With --web, the subscribers are UPS-RS
/// watchers on notification connections instead (the same handler class), beside the DIMSE ones in the same run, on the
/// in-memory store: what the channel costs.
/// </summary>
internal static class UpsProfile
{
    private const string Push = SopClass.UnifiedProcedureStepPush;

    public static async Task<int> RunAsync(string[] args)
    {
        var workitems = Option(args, "--workitems", 200);
        var subscribers = Option(args, "--subscribers", 10);
        var rounds = Option(args, "--rounds", 1);
        if (args.Contains("--web"))
        {
            return await UpsRsProfile.RunAsync(workitems, subscribers, rounds);
        }

        Console.WriteLine($"{workitems} workitems created, claimed, completed by one performer; {subscribers} global subscribers; 3 reports each per workitem");
        Console.WriteLine("store: workitems/s, reports/s delivered, vs in-memory");
        for (var round = 0; round < rounds; round++)
        {
            var memory = await RunOnceAsync(new InMemoryInstanceStore(), workitems, subscribers);
            Print("in-memory", memory, memory);
            var folder = Directory.CreateTempSubdirectory("ups-load-");
            try
            {
                Print("SQLite", await RunOnceAsync(new SqliteInstanceStore(Path.Combine(folder.FullName, "ups.db")), workitems, subscribers), memory);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                folder.Delete(recursive: true);
            }
        }

        return 0;
    }

    internal static void Print(string store, (double Workitems, double Reports) figures, (double Workitems, double Reports) baseline) =>
        Console.WriteLine($"{store,-9}: {figures.Workitems,7:F0} workitems/s ({figures.Workitems / baseline.Workitems:P0}), {figures.Reports,7:F0} reports/s ({figures.Reports / baseline.Reports:P0})");

    internal static async Task<(double Workitems, double Reports)> RunOnceAsync(IInstanceStore store, int workitems, int subscriberCount)
    {
        var listeners = new List<(DicomServer Server, ReportCounter Counter)>();
        var table = new RemoteApplicationEntityTable();
        for (var i = 0; i < subscriberCount; i++)
        {
            var counter = new ReportCounter();
            var server = new DicomServer(new DicomServerOptions { AETitle = $"WATCH{i}", Port = 0 }, counter).Start();
            listeners.Add((server, counter));
            table.Add(new RemoteApplicationEntity($"WATCH{i}", "127.0.0.1", server.Port));
        }

        var options = new ReportOutboxOptions { AETitle = "UPS", PollInterval = TimeSpan.FromMilliseconds(50) };
        await using var outbox = new ReportOutbox(store.Outbox, table, options).Start();
        var ups = new UnifiedProcedureStepWorkflow(store, outbox);
        await using var scp = new DicomServer(new DicomServerOptions { AETitle = "UPS", Port = 0 }, new ProfileWorkitems(ups)).Start();
        var at = new RemoteApplicationEntity("UPS", "127.0.0.1", scp.Port);
        await using (var watcher = await DicomClient.ConnectAsync(at, [new PresentationContextRequest(SopClass.UnifiedProcedureStepWatch)]))
        {
            for (var i = 0; i < subscriberCount; i++)
            {
                await Expect(watcher.SendAsync(new NActionRequest(Push, WellKnownSopInstance.UPSGlobalSubscription, 3,
                    new DicomDataset().Set(DicomTag.ReceivingAE, $"WATCH{i}").Set(DicomTag.DeletionLock, "FALSE")) { ContextSopClassUid = SopClass.UnifiedProcedureStepWatch }));
            }

            await watcher.ReleaseAsync();
        }

        var figures = await PerformAsync(at, workitems, 3L * workitems * subscriberCount, () => listeners.Sum(l => l.Counter.Received));
        foreach (var (server, _) in listeners)
        {
            await server.DisposeAsync();
        }

        return figures;
    }

    /// <summary>
    /// The performer's run against the SCP at <paramref name="at"/>: each workitem created, claimed, given its final-state
    /// attributes and completed; workitems/s until the last answer, reports/s until <paramref name="received"/> reaches
    /// <paramref name="expected"/>.
    /// </summary>
    internal static async Task<(double Workitems, double Reports)> PerformAsync(RemoteApplicationEntity at, int workitems, long expected, Func<long> received)
    {
        var clock = Stopwatch.StartNew();
        await using (var performer = await DicomClient.ConnectAsync(at,
            [new PresentationContextRequest(Push), new PresentationContextRequest(SopClass.UnifiedProcedureStepPull)]))
        {
            for (var i = 0; i < workitems; i++)
            {
                var uid = $"2.25.{Random.Shared.NextInt64(1, long.MaxValue)}";
                var transaction = $"2.25.{Random.Shared.NextInt64(1, long.MaxValue)}";
                await Expect(performer.SendAsync(new NCreateRequest(Push, uid, Workitem(i))));
                await Expect(performer.SendAsync(ChangeState(uid, "IN PROGRESS", transaction)));
                await Expect(performer.SendAsync(new NSetRequest(Push, uid, Performed(transaction)) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull }));
                await Expect(performer.SendAsync(ChangeState(uid, "COMPLETED", transaction)));
            }

            await performer.ReleaseAsync();
        }

        var answered = clock.Elapsed.TotalSeconds;
        while (received() < expected)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"{received()} of {expected} reports delivered");
            }

            await Task.Delay(10);
        }

        return (workitems / answered, expected / clock.Elapsed.TotalSeconds);
    }

    private static NActionRequest ChangeState(string uid, string state, string transaction) =>
        new(Push, uid, 1, new DicomDataset().Set(DicomTag.ProcedureStepState, state).Set(DicomTag.TransactionUID, transaction))
        {
            ContextSopClassUid = SopClass.UnifiedProcedureStepPull,
        };

    private static async Task Expect(ValueTask<DimseResponse> sent)
    {
        var response = await sent;
        if (!response.Status.AllowsReplyDataset)
        {
            throw new InvalidOperationException($"answered {response.Status}: {response.ErrorComment}");
        }
    }

    private static DicomDataset Workitem(int i) =>
        new DicomDataset()
            .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
            .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "MEDIUM")
            .Set(DicomTag.ProcedureStepLabel, $"Workitem {i}").Set(DicomTag.PatientName, "Doe^Jane").Set(DicomTag.PatientID, $"P{i}");

    private static DicomDataset Performed(string transaction) =>
        new DicomDataset().Set(DicomTag.TransactionUID, transaction).SetSequence(DicomTag.UnifiedProcedureStepPerformedProcedureSequence, new DicomDataset()
            .Set(DicomTag.PerformedProcedureStepStartDateTime, "20261203101500").Set(DicomTag.PerformedProcedureStepEndDateTime, "20261203103000")
            .SetSequence(DicomTag.PerformedStationNameCodeSequence, Code("WS1"))
            .SetSequence(DicomTag.PerformedWorkitemCodeSequence, Code("110005")));

    private static DicomDataset Code(string value) =>
        new DicomDataset().Set(DicomTag.CodeValue, value).Set(DicomTag.CodingSchemeDesignator, "DCM").Set(DicomTag.CodeMeaning, value);
}

/// <summary>The UPS SCP of the profile: the framework's workflow behind the messages the performer and the watchers send.</summary>
public sealed partial class ProfileWorkitems(UnifiedProcedureStepWorkflow ups)
{
    [NCreate(SopClass.UnifiedProcedureStepPush)]
    public Task<DimseResult> OnCreate(NCreateRequest request, CancellationToken cancellationToken) => ups.CreateAsync(request, cancellationToken: cancellationToken);

    [NSet(SopClass.UnifiedProcedureStepPull)]
    public Task<DimseResult> OnSet(NSetRequest request, CancellationToken cancellationToken) => ups.SetAsync(request, cancellationToken: cancellationToken);

    [NAction(SopClass.UnifiedProcedureStepPull, UpsChangeState.ActionTypeId)]
    public Task<DimseResult> OnChangeState(NActionRequest request, CancellationToken cancellationToken) => ups.ChangeStateAsync(request, cancellationToken: cancellationToken);

    [NAction(SopClass.UnifiedProcedureStepWatch, UpsSubscribe.ActionTypeId)]
    public Task<DimseResult> OnSubscribe(NActionRequest request, CancellationToken cancellationToken) => ups.SubscribeAsync(request, cancellationToken);
}

/// <summary>A subscriber: counts the UPS events it is sent and answers Success.</summary>
public sealed partial class ReportCounter
{
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    [EventReport(SopClass.UnifiedProcedureStepEvent, UpsStateReport.EventTypeId)]
    public DimseStatus OnStateReport(NEventReportRequest report)
    {
        Interlocked.Increment(ref _received);
        return DimseStatus.Success;
    }
}
