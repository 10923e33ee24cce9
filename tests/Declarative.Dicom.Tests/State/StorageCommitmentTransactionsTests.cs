using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.State;

/// <summary>Storage-commitment transactions kept by the framework: a repeat answered as the first, a reused UID refused per instance, results purged.</summary>
public sealed partial class StorageCommitmentTransactionsTests : IAsyncDisposable
{
    private const string Stored = "1.2.3.1";
    private readonly InMemoryInstanceStore _store = new();
    private readonly ReportOutbox _outbox; // never started: what it would send stays in the store, to be read
    private readonly StorageCommitmentTransactions _transactions;

    public StorageCommitmentTransactionsTests()
    {
        _outbox = new ReportOutbox(_store.Outbox, new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("TESTPEER", "127.0.0.1", 1)));
        _transactions = new StorageCommitmentTransactions(_store, _outbox);
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();

    public sealed partial class Archive(StorageCommitmentTransactions transactions)
    {
        [NAction(SopClass.StorageCommitmentPushModel, StorageCommitmentRequest.ActionTypeId)]
        public Task<DimseResult> OnRequest(NActionRequest request, CancellationToken cancellationToken) =>
            transactions.RequestAsync(request, (_, instance, _) => new(instance == Stored ? null : FailureReasons.NoSuchObjectInstance), cancellationToken);
    }

    private Task<DimseResponse> Request(string transaction, params string[] instances) =>
        new DicomTestHost(new Archive(_transactions)).SendAsync(StorageCommitmentRequest.Create(transaction,
            instances.Select(i => StorageCommitmentRequest.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, i))).ToRequest(WellKnownSopInstance.StorageCommitmentPushModel));

    private async Task<List<string>> Queued()
    {
        var reports = await _store.Outbox.PendingAsync();
        return reports.Select(r =>
        {
            var information = DicomDataset.Decode(r.EventInformation!, DicomTransferSyntax.ExplicitVRLittleEndian);
            var failures = information.GetSequenceOrDefault(DicomTag.FailedSOPSequence) is { } failed
                ? string.Join(",", Enumerable.Range(0, failed.Count).Select(i => $"{failed[i].GetString(DicomTag.ReferencedSOPInstanceUID)}:{failed[i].GetValue<ushort>(DicomTag.FailureReason):X4}"))
                : "none";
            return $"{r.DestinationAETitle} {r.EventTypeId} {information.GetString(DicomTag.TransactionUID)} failed {failures}";
        }).ToList();
    }

    [Fact]
    public async Task ARepeat_IsAnsweredAsTheFirst_NeverTwiceAtOnce_AndAReusedUid_FailsEveryInstanceWith0131()
    {
        var first = await Request("9.1", Stored, "1.2.3.2");
        var repeatWhileQueued = await Request("9.1", Stored, "1.2.3.2");
        Assert.Equal(["TESTPEER 2 9.1 failed 1.2.3.2:0112"], await Queued());

        // The first report delivered: the requestor asks again, and gets the same result again.
        await _store.Outbox.RemoveAsync([.. (await _store.Outbox.PendingAsync()).Select(r => r.Id)]);
        var repeatAfterDelivery = await Request("9.1", Stored, "1.2.3.2");
        var reused = await Request("9.1", Stored);

        Assert.All([first, repeatWhileQueued, repeatAfterDelivery, reused], r => Assert.Equal(DimseStatus.Success, r.Status));
        Assert.Equal(["TESTPEER 2 9.1 failed 1.2.3.2:0112", $"TESTPEER 2 9.1 failed {Stored}:0131"], await Queued());
        Assert.Equal("FAILURES EXIST", (await _transactions.FindAsync("9.1"))!.State);
    }

    [Fact]
    public async Task Results_AreKeptForTheConfiguredTime_ThenForgotten()
    {
        await Request("9.2", Stored);
        Assert.Equal("COMMITTED", (await _transactions.FindAsync("9.2"))!.State);

        Assert.Equal(0, await _transactions.PurgeAsync(DateTimeOffset.UtcNow.AddDays(6)));
        Assert.Equal(1, await _transactions.PurgeAsync(DateTimeOffset.UtcNow.AddDays(8)));
        Assert.Null(await _transactions.FindAsync("9.2"));
    }
}
