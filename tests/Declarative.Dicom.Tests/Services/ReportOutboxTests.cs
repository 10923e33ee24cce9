using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.Tests.Network;

namespace Declarative.Dicom.Tests.Services;

/// <summary>
/// The durable outbox: a report queued while the receiver is down arrives once it is back; a report queued by a
/// sender that stops is delivered by the next one on the same file; a failure status is retried; an expired report is dropped.
/// </summary>
public sealed class ReportOutboxTests : IDisposable
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outbox-tests-" + Guid.NewGuid().ToString("N"));
    private readonly int _receiverPort = FreePort();

    private string File => Path.Combine(_folder, "outbox.db");

    private RemoteApplicationEntityTable Destinations => new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("MODALITY", "127.0.0.1", _receiverPort));

    private static ReportOutboxOptions FastRetries => new() { AETitle = "PACS", FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(200), PollInterval = TimeSpan.FromMilliseconds(50) };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static NEventReportRequest Report(string transaction) =>
        StorageCommitmentSuccessful.Create(transaction, [StorageCommitmentSuccessful.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.1")])
            .ToRequest(WellKnownSopInstance.StorageCommitmentPushModel);

    /// <summary>The modality's listener: records each report's Transaction UID, answers with the statuses given in turn, then Success.</summary>
    private DicomServer StartReceiver(ConcurrentQueue<string> received, params ushort[] statuses)
    {
        var answers = new Queue<ushort>(statuses);
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }], request =>
        {
            received.Enqueue(((NEventReportRequest)request).EventInformation!.GetString(DicomTag.TransactionUID));
            return new DimseResponse(answers.TryDequeue(out var status) ? status : DimseStatus.Success);
        });
        return new DicomServer(new DicomServerOptions { AETitle = "MODALITY", Port = _receiverPort }, handler).Start();
    }

    [Fact]
    public async Task ReceiverDown_TheReportWaitsAndIsRetried_ThenArrivesWhenTheReceiverIsBack()
    {
        var received = new ConcurrentQueue<string>();
        await using var outbox = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, FastRetries).Start();

        await outbox.EnqueueAsync("MODALITY", Report("1.2.3.100"));
        await Eventually.TrueAsync(async () => (await outbox.Store.PendingAsync()) is [{ Attempts: >= 2 }], "two failed attempts while the receiver is down");
        var waiting = Assert.Single(await outbox.Store.PendingAsync());
        await using (StartReceiver(received))
        {
            await Eventually.TrueAsync(async () => (await outbox.Store.PendingAsync()).Count == 0, "the report delivered once the receiver is back");
        }

        Assert.Equal(["1.2.3.100"], received);
        Assert.NotNull(waiting.LastError);
    }

    [Fact]
    public async Task SenderRestarts_TheNextOneOnTheSameFileDeliversWhatTheFirstQueued()
    {
        var received = new ConcurrentQueue<string>();
        await using (var first = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, FastRetries)) // never started: stops with reports queued
        {
            await first.EnqueueAsync("MODALITY", Report("1.2.3.201"));
            await first.EnqueueAsync("MODALITY", Report("1.2.3.202"));
        }

        await using var receiver = StartReceiver(received);
        await using var second = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, FastRetries).Start();

        await Eventually.TrueAsync(async () => (await second.Store.PendingAsync()).Count == 0, "both reports delivered by the restarted sender");
        Assert.Equal(["1.2.3.201", "1.2.3.202"], received.Order());
    }

    [Fact]
    public async Task AFailureStatus_IsRetried_UntilTheReceiverAnswersSuccess()
    {
        var received = new ConcurrentQueue<string>();
        await using var receiver = StartReceiver(received, DimseStatus.ProcessingFailure, DimseStatus.ResourceLimitation);
        await using var outbox = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, FastRetries).Start();

        await outbox.EnqueueAsync("MODALITY", Report("1.2.3.300"));

        await Eventually.TrueAsync(async () => (await outbox.Store.PendingAsync()).Count == 0, "delivered on the third attempt");
        Assert.Equal(["1.2.3.300", "1.2.3.300", "1.2.3.300"], received);
    }

    [Fact]
    public async Task AnExpiredReport_IsDropped()
    {
        var options = FastRetries;
        options.Expiry = TimeSpan.FromMilliseconds(300);
        await using var outbox = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, options).Start();

        await outbox.EnqueueAsync("MODALITY", Report("1.2.3.400"));

        await Eventually.TrueAsync(async () => (await outbox.Store.PendingAsync()).Count == 0, "dropped once expired, the receiver never having come up");
    }

    [Fact]
    public async Task ABurstForOneDestination_TravelsOnOneAssociation_InTheOrderItWasQueued()
    {
        var transactions = Enumerable.Range(0, 20).Select(i => $"1.2.3.5{i:D2}").ToList();
        await using (var queuing = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, FastRetries)) // queues, never sends
        {
            foreach (var transaction in transactions)
            {
                await queuing.EnqueueAsync("MODALITY", Report(transaction));
            }
        }

        var received = new ConcurrentQueue<string>();
        var associations = 0;
        await using var receiver = StartReceiver(received);
        receiver.AssociationEstablished += _ => Interlocked.Increment(ref associations);
        await using var outbox = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, FastRetries).Start();

        await Eventually.TrueAsync(async () => (await outbox.Store.PendingAsync()).Count == 0, "all twenty delivered");
        Assert.Equal(transactions, received);
        Assert.Equal(1, associations);
    }

    [Fact]
    public async Task WithAWindow_ABurstIsPipelined_AndStillArrivesInQueueOrder()
    {
        var transactions = Enumerable.Range(0, 8).Select(i => $"1.2.3.7{i:D2}").ToList();
        var received = new ConcurrentQueue<string>();
        var running = 0;
        var mostAtOnce = 0;
        var fourInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new AsyncTestHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }], async request =>
        {
            request.AllowConcurrency(); // so that the receiver can show how many the outbox has in flight
            received.Enqueue(((NEventReportRequest)request).EventInformation!.GetString(DicomTag.TransactionUID));
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            if (now == 4)
            {
                fourInFlight.TrySetResult();
            }

            await fourInFlight.Task.WaitAsync(TimeSpan.FromSeconds(10)); // one report at a time, the first would wait here in vain
            Interlocked.Decrement(ref running);
            return new DimseResponse(DimseStatus.Success);
        });
        await using var receiver = new DicomServer(new DicomServerOptions { AETitle = "MODALITY", Port = _receiverPort }, handler).Start();
        var options = FastRetries;
        options.Client = new DicomClientOptions { AETitle = "PACS", MaxOperationsInvoked = 4 };
        await using var outbox = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, options);
        foreach (var transaction in transactions)
        {
            await outbox.EnqueueAsync("MODALITY", Report(transaction));
        }

        var delivered = new ConcurrentQueue<OutboxReport>();
        outbox.Delivered += delivered.Enqueue;
        outbox.Start();

        await Eventually.TrueAsync(async () => (await outbox.Store.PendingAsync()).Count == 0, "all eight delivered");
        Assert.Equal(4, mostAtOnce);
        Assert.Equal(transactions, received);
        Assert.All(delivered, r => Assert.Equal(0, r.Attempts)); // each on its first attempt: none timed out and came back
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task AReportWhoseContextThePeerRefuses_WaitsAlone_WhileTheOthersOnTheAssociationArrive()
    {
        var received = new ConcurrentQueue<string>();
        await using var receiver = StartReceiver(received); // storage commitment only: no MPPS notifications
        await using var outbox = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, FastRetries);
        await outbox.EnqueueAsync("MODALITY", Report("1.2.3.601"));
        var mpps = await outbox.EnqueueAsync("MODALITY", new NEventReportRequest(SopClass.ModalityPerformedProcedureStepNotification, "1.2.3.602", 2));
        await outbox.EnqueueAsync("MODALITY", Report("1.2.3.603"));

        outbox.Start();

        await Eventually.TrueAsync(async () => received.Count == 2 && (await outbox.Store.PendingAsync()) is [{ Attempts: >= 1 }], "both commitment reports delivered, the MPPS one retried");
        Assert.Equal(["1.2.3.601", "1.2.3.603"], received);
        var waiting = Assert.Single(await outbox.Store.PendingAsync());
        Assert.Equal(mpps, waiting.Id);
        Assert.Contains("No presentation context for 1.2.840.10008.3.1.2.3.5", waiting.LastError);
    }

    [Fact]
    public async Task OrderedReportsAboutOneInstance_WaitBehindOneRefused_WhileUnorderedOnesDoNot()
    {
        // The receiver refuses the first report it gets once: the two later ordered reports about the same workitem wait for
        // it, while the storage-commitment report queued in between is not held up.
        var received = new ConcurrentQueue<string>();
        var answers = new Queue<ushort>([DimseStatus.ProcessingFailure]);
        var handler = new TestHandler(
            [new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true },
             new PresentationContextPolicy(SopClass.UnifiedProcedureStepEvent) { RequestorMayBeScp = true, AlsoServes = [SopClass.UnifiedProcedureStepPush] }],
            request =>
            {
                var report = (NEventReportRequest)request;
                received.Enqueue(report.SopClassUid == StorageCommitment ? "commitment" : report.EventInformation!.GetString(DicomTag.ProcedureStepState));
                return new DimseResponse(answers.TryDequeue(out var status) ? status : DimseStatus.Success);
            });
        await using var receiver = new DicomServer(new DicomServerOptions { AETitle = "MODALITY", Port = _receiverPort }, handler).Start();
        var options = FastRetries;
        options.FirstRetryDelay = TimeSpan.FromMilliseconds(400);
        await using var outbox = new ReportOutbox(new SqliteReportOutboxStore(File), Destinations, options);
        var store = outbox.Store;
        foreach (var (state, ordered) in new[] { ("SCHEDULED", true), ("IN PROGRESS", true) })
        {
            await store.AddAsync(outbox.Entry("MODALITY", new NEventReportRequest(SopClass.UnifiedProcedureStepPush, "1.2.3.700", 1,
                new DicomDataset().Set(DicomTag.ProcedureStepState, state).Set(DicomTag.InputReadinessState, "READY")), SopClass.UnifiedProcedureStepEvent, ordered));
            if (state == "SCHEDULED")
            {
                await store.AddAsync(outbox.Entry("MODALITY", Report("1.2.3.701")));
            }
        }

        outbox.Start();

        await Eventually.TrueAsync(async () => (await outbox.Store.PendingAsync()).Count == 0, "all delivered");
        Assert.Equal(["SCHEDULED", "commitment", "SCHEDULED", "IN PROGRESS"], received);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
