using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;
using Declarative.Dicom.TestSupport;
using Xunit.Abstractions;

namespace Declarative.Dicom.Interop.Tests.ScaleOut;

/// <summary>The tests that stop the shared PostgreSQL cluster run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresRestarts
{
    public const string Name = "PostgreSQL restarts";
}

/// <summary>
/// Three samples/WorkflowNode processes behind HAProxy on one PostgreSQL take a modality's workflow from three workers at
/// once; one node is killed with SIGKILL in the middle, later the database is restarted under load, then another node is stopped
/// (SIGTERM: it drains while the third takes the work). Nothing answered Success is lost:
/// every commitment report arrives, every step and workitem ends where its requests left it, both watchers hear every
/// state in order, and what was not answered failed visibly at the requestor.
/// </summary>
[Collection(PostgresRestarts.Name)]
public sealed class ThreeNodesTests(ITestOutputHelper output)
{
    private static readonly string[] Lifecycle = ["SCHEDULED", "IN PROGRESS", "COMPLETED"];

    [Fact]
    public async Task ANodeKilledMidRun_AndTheDatabaseRestarted_LoseNothingAnswered()
    {
        await using var receivers = new ScaleOutReceivers();
        using var cluster = await ScaleOutCluster.StartAsync(receivers.Peers, lease: TimeSpan.FromSeconds(5));
        var load = new ModalityLoad(cluster.Port);
        try
        {
            Assert.Equal(DimseStatus.Success, await load.SubscribeGloballyAsync("WATCH1"));
            Assert.Equal(DimseStatus.Success, await load.SubscribeGloballyAsync("WATCH2"));

            // Three modalities at once; node2 is killed when a third of the work is done.
            const int PerWorker = 12;
            var done = 0;
            var killed = Task.CompletedTask;
            await Task.WhenAll(Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < PerWorker; i++)
                {
                    await load.RunAsync(worker * 100 + i);
                    if (Interlocked.Increment(ref done) == PerWorker)
                    {
                        killed = cluster.Nodes[1].KillAsync();
                    }
                }
            })));
            await killed;
            output.WriteLine($"phase 1: {load.AnsweredCommitments.Count} commitments answered, {load.Failures.Count} request(s) failed: {string.Join("; ", load.Failures)}");

            // The database goes away while three modalities keep working: the nodes answer a failure status (not silence, not
            // Success), then carry on once it is back.
            var restarting = Task.WhenAll(Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < 6; i++)
                {
                    await load.RunAsync(1000 + worker * 100 + i);
                }
            })));
            await Task.Delay(300);
            ThrowawayPostgres.Stop();
            var whileDown = await load.SendAsync(ModalityLoad.StepCreate(DicomUid.Generate(), 999), SopClass.ModalityPerformedProcedureStep);
            await Task.Delay(1000);
            ThrowawayPostgres.StartAgain();
            await restarting;
            Assert.NotNull(whileDown);
            Assert.Equal(DimseStatus.ProcessingFailure, whileDown);

            output.WriteLine($"after the restart: {load.Failures.Count} request(s) failed in all: {string.Join("; ", load.Failures.Select(f => f[(f.IndexOf(':') + 2)..]).GroupBy(f => f).Select(g => $"{g.Count()} × {g.Key}"))}");

            // node1 is stopped as a service manager stops it: its agent says drain, HAProxy sends the next modalities to
            // node3, and node1 exits cleanly once its own associations are done.
            var failedBefore = load.Failures.Count;
            var stopping = cluster.Nodes[0].TerminateAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // two agent checks
            for (var i = 0; i < 2; i++)
            {
                await load.RunAsync(2000 + i);
            }

            Assert.Equal(0, await stopping);
            Assert.True(load.Failures.Count == failedBefore, string.Join("; ", load.Failures.Skip(failedBefore)));
            Assert.True(cluster.Nodes[1].HasExited, "node2 was not killed");
            Assert.True(load.Steps.Count(s => s.Value.Answered is ["SCHEDULED", .., "COMPLETED"]) >= 30, "fewer than 30 workitems were completed");
            await AssertNothingAnsweredWasLostAsync(receivers, load);
        }
        catch
        {
            output.WriteLine(cluster.Logs);
            throw;
        }
    }

    private async Task AssertNothingAnsweredWasLostAsync(ScaleOutReceivers receivers, ModalityLoad load)
    {
        // Every commitment answered Success has its report at the modality (the killed node's leases run out after 5 s).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !(load.AnsweredCommitments.All(receivers.Commitments.Contains) && WatchersHeardEverything(receivers, load)))
        {
            await Task.Delay(200);
        }

        var missing = load.AnsweredCommitments.Where(t => !receivers.Commitments.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {load.AnsweredCommitments.Count} commitment reports never arrived");
        Assert.True(load.AnsweredCommitments.Count >= 30, $"only {load.AnsweredCommitments.Count} commitments answered");

        // Each step and workitem is in the state its last answered request set, or in the state of a later request that
        // reached a node which died before answering (the change committed, the answer was lost).
        foreach (var (uid, (answered, unanswered)) in load.Steps)
        {
            if (answered.Count == 0)
            {
                continue;
            }

            var isWorkitem = answered[0] == "SCHEDULED";
            var get = isWorkitem
                ? new NGetRequest(SopClass.UnifiedProcedureStepPush, uid, [DicomTag.ProcedureStepState]) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull }
                : new NGetRequest(SopClass.ModalityPerformedProcedureStepRetrieve, uid, [DicomTag.PerformedProcedureStepStatus]); // PS3.4 F.8
            var state = await ReadStateAsync(load, get, isWorkitem ? DicomTag.ProcedureStepState : DicomTag.PerformedProcedureStepStatus);
            Assert.True(state == answered[^1] || unanswered.Contains(state), $"{uid} is {state}; answered {string.Join(", ", answered)}, unanswered {string.Join(", ", unanswered)}");
        }

        Assert.True(WatchersHeardEverything(receivers, load), "a watcher missed a state change or heard one out of order");
    }

    /// <summary>
    /// Both watchers heard every answered state of every workitem, in lifecycle order, and the last state they heard is the
    /// latest. A report may come twice (at least once): a node that took over another's reports sends again from the first
    /// one not confirmed, so a replay of states already heard, in order, may follow (docs/scale-out.md).
    /// </summary>
    private static bool WatchersHeardEverything(ScaleOutReceivers receivers, ModalityLoad load)
    {
        foreach (var (uid, (answered, _)) in load.Steps.Where(s => s.Value.Answered is ["SCHEDULED", ..]))
        {
            foreach (var watcher in new[] { "WATCH1", "WATCH2" })
            {
                var heard = receivers.States.TryGetValue((watcher, uid), out var states) ? states.ToList() : [];
                var ranks = heard.Select(s => Array.IndexOf(Lifecycle, s)).ToList();
                if (answered.Any(state => !heard.Contains(state)) || ranks[^1] != ranks.Max() || ranks[0] != 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static async Task<string> ReadStateAsync(ModalityLoad load, NGetRequest get, DicomTag tag)
    {
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("NODE", "127.0.0.1", load.Port),
            [new PresentationContextRequest(get.ContextSopClassUid ?? get.SopClassUid)], new DicomClientOptions { AETitle = "MODALITY" });
        var response = await association.SendAsync(get);
        Assert.True(response.Status == DimseStatus.Success, $"N-GET of {get.SopInstanceUid} answered {response.Status}");
        return response.Dataset!.GetString(tag);
    }
}
