using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// A storage-commitment listener whose handler opts in to concurrency: it waits at a gate the test opens, after
/// counting itself in, and answers Success only if what it was lent still reads its own report after the wait.
/// </summary>
public partial class GatedCommitmentListener
{
    private int _entered;
    private int _running;

    /// <summary>How many calls must be running at once before <see cref="AllEntered"/> completes.</summary>
    public int Expected { get; init; }

    public int MostAtOnce { get; private set; }

    public TaskCompletionSource AllEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    [ConcurrentHandler]
    public async Task<DimseStatus> OnCommitted(StorageCommitmentSuccessful report, NEventReportRequest request)
    {
        var transaction = report.TransactionUID;
        var messageId = request.MessageId;
        lock (this)
        {
            MostAtOnce = Math.Max(MostAtOnce, ++_running);
        }

        if (Interlocked.Increment(ref _entered) == Expected)
        {
            AllEntered.TrySetResult();
        }

        await Gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (this)
        {
            _running--;
        }

        // Lent for the whole call: the association lent the requests that came meanwhile other objects.
        return report.TransactionUID == transaction && request.MessageId == messageId ? DimseStatus.Success : DimseStatus.ProcessingFailure;
    }
}

/// <summary>
/// [ConcurrentHandler] on an association with an asynchronous operations window: the handler's calls overlap, each
/// response goes out when its call completes with its own Message ID, and A-RELEASE-RP waits for the calls still running.
/// </summary>
public class ConcurrentHandlerTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";

    private static DicomDataset Report(int i) => new DicomDataset().Set(DicomTag.TransactionUID, $"1.2.3.{i}")
        .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset()
            .Set(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2").Set(DicomTag.ReferencedSOPInstanceUID, $"1.2.3.{i}.1"));

    [Fact]
    public async Task CallsOverlap_UpToTheWindow_AndEachKeepsWhatItWasLent()
    {
        var listener = new GatedCommitmentListener { Expected = 4 };
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "CONCURRENT", Port = 0 }, listener).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("CONCURRENT", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { MaxOperationsInvoked = 4 });

        var sending = Enumerable.Range(1, 4)
            .Select(i => association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, Report(i))).AsTask()).ToList();
        await listener.AllEntered.Task.WaitAsync(TimeSpan.FromSeconds(10)); // one at a time, the first call would never let a second in
        listener.Gate.SetResult();
        var responses = await Task.WhenAll(sending);

        Assert.Equal(4, listener.MostAtOnce);
        Assert.All(responses, r => Assert.Equal(DimseStatus.Success, r.Status));
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task ReleaseWhileCallsRun_IsAnsweredAfterTheirResponses()
    {
        var listener = new GatedCommitmentListener { Expected = 2 };
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "CONCURRENT", Port = 0 }, listener).Start();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        var request = ScriptedPeer.AssociateRequest("CONCURRENT", new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"]));
        await peer.WritePduAsync(request with
        {
            UserInformation = request.UserInformation with
            {
                AsynchronousOperationsWindow = (2, 1),
                RoleSelections = [new RoleSelection(StorageCommitment, ScuRole: false, ScpRole: true)],
            },
        });
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        foreach (ushort id in new ushort[] { 7, 8 })
        {
            await peer.SendMessageAsync(1, new DimseCommand
            {
                CommandField = DimseCommandField.NEventReportRequest, MessageId = id, AffectedSopClassUid = StorageCommitment,
                AffectedSopInstanceUid = "1.2.840.10008.1.20.1.1", EventTypeId = 1,
            }, Report(id));
        }

        await listener.AllEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await peer.WritePduAsync(new ReleaseRequestPdu());
        await Task.Delay(300); // time enough for an acceptor that did not wait to answer the release
        Assert.False(peer.HasUnreadBytes); // nothing yet: both calls wait at the gate, and so does the release
        listener.Gate.SetResult();

        var answered = new[] { (await peer.ReceiveMessageAsync()).Command, (await peer.ReceiveMessageAsync()).Command };
        Assert.IsType<ReleaseResponsePdu>(await peer.ReadPduAsync());
        Assert.Equal([(ushort)7, (ushort)8], answered.Select(c => c.MessageIdBeingRespondedTo!.Value).Order());
        Assert.All(answered, c => Assert.Equal(DimseStatus.Success.Code, c.Status));
    }

    [Fact]
    public async Task CallPastItsDeadline_StillReadsItsOwnReport_WhileTheNextAreServed()
    {
        var mayRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readLate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new AsyncTestHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }], async request =>
        {
            request.AllowConcurrency();
            var report = (NEventReportRequest)request;
            if (report.EventTypeId == 1)
            {
                await mayRead.Task; // past the deadline: answered 0x0110 meanwhile, then reads what it was lent
                readLate.TrySetResult(report.EventInformation!.GetString(DicomTag.TransactionUID));
            }

            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "CONCURRENT", Port = 0, HandlerTimeout = TimeSpan.FromMilliseconds(300) }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("CONCURRENT", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { MaxOperationsInvoked = 2 });

        var late = association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, Report(1))).AsTask();
        Assert.Equal(DimseStatus.ProcessingFailure, (await late).Status);
        for (var i = 2; i <= 5; i++)
        {
            // The next requests' bytes come from the same pool: had the late call's been given back, one of these would reuse them.
            Assert.Equal(DimseStatus.Success, (await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 2, Report(i)))).Status);
        }

        mayRead.SetResult();
        Assert.Equal("1.2.3.1", await readLate.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task PeerAbortingWhileCallsRun_LosesOnlyItsOwnResponses_AndTheServerGoesOn()
    {
        var listener = new GatedCommitmentListener { Expected = 2 };
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "CONCURRENT", Port = 0 }, listener).Start();
        var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("CONCURRENT", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { MaxOperationsInvoked = 2 });
        var sending = Enumerable.Range(1, 2)
            .Select(i => association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, Report(i))).AsTask()).ToList();
        await listener.AllEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await association.AbortAsync();
        listener.Gate.SetResult(); // both calls complete after the association is gone: nothing to answer on
        await Assert.ThrowsAnyAsync<DicomAssociationException>(() => sending[0]);
        await association.DisposeAsync();

        await using var next = await DicomClient.ConnectAsync(new RemoteApplicationEntity("CONCURRENT", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { MaxOperationsInvoked = 2 });
        var answered = await Task.WhenAll(Enumerable.Range(3, 2)
            .Select(i => next.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, Report(i))).AsTask()));
        Assert.All(answered, r => Assert.Equal(DimseStatus.Success, r.Status));
        await next.ReleaseAsync();
    }
}
