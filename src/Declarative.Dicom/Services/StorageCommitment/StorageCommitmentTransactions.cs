using Declarative.Dicom.Data;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom;

/// <summary>How long a storage-commitment SCP keeps what it decided, to answer a repeated request the same way.</summary>
public sealed class StorageCommitmentOptions
{
    /// <summary>After this, a transaction is forgotten (and its UID may be used afresh). Default: seven days.</summary>
    public TimeSpan KeepResultsFor { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// A storage-commitment SCP's transactions (PS3.4 J.3) kept in an <see cref="IInstanceStore"/>: each N-ACTION is judged
/// reference by reference by the application, the result kept under its Transaction UID and the report queued in the same
/// transaction, so that a restart loses neither. A request repeated with the same Transaction UID and the same instances is
/// answered as before (its report queued again if the first was delivered, never twice at once); the same Transaction UID
/// with other instances fails them all with Failure Reason 0x0131 Duplicate transaction UID (J.3.3.1.1.2). Results are kept
/// for <see cref="StorageCommitmentOptions.KeepResultsFor"/> and can be looked up.
/// </summary>
[CopiesWhatItKeeps]
public sealed class StorageCommitmentTransactions
{
    private const string Committed = "COMMITTED";
    private const string FailuresExist = "FAILURES EXIST";
    private static readonly string SopClassUid = SopClass.StorageCommitmentPushModel;
    private readonly IInstanceStore _store;
    private readonly ReportOutbox _reports;
    private readonly StorageCommitmentOptions _options;
    private readonly ILogger _logger;
    private DateTimeOffset _purged = DateTimeOffset.MinValue;

    public StorageCommitmentTransactions(IInstanceStore store, ReportOutbox reports, StorageCommitmentOptions? options = null, ILogger? logger = null)
    {
        _store = store;
        _reports = reports;
        _options = options ?? new StorageCommitmentOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The application's judgement of one reference: null when it is committed, else the Failure Reason (see <see cref="FailureReasons"/>).</summary>
    public delegate ValueTask<ushort?> Judge(string sopClassUid, string sopInstanceUid, CancellationToken cancellationToken);

    /// <summary>
    /// Answers a Request Storage Commitment: Success once the result and its report to the requestor (the calling AE, an entry
    /// of the outbox's table) are kept.
    /// </summary>
    public async Task<DimseResult> RequestAsync(NActionRequest request, Judge judge, CancellationToken cancellationToken = default)
    {
        var requester = request.Association?.CallingAETitle ?? throw new InvalidOperationException("A storage commitment request comes on an association.");
        var information = request.ActionInformation?.Keep() ?? new DicomDataset();
        var transactionUid = information.GetStringOrDefault(DicomTag.TransactionUID);
        if (string.IsNullOrEmpty(transactionUid))
        {
            return DimseResult.Failure(DimseStatus.InvalidArgumentValue, "Transaction UID (0008,1195) is required");
        }

        await PurgeIfDueAsync(cancellationToken).ConfigureAwait(false);
        var references = References(information);
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var earlier = await transaction.FindAsync(SopClassUid, transactionUid, cancellationToken).ConfigureAwait(false);
        NEventReportRequest report;
        if (earlier is not null && References(earlier.Dataset).SequenceEqual(references))
        {
            if (await ReportPendingAsync(requester, transactionUid, cancellationToken).ConfigureAwait(false))
            {
                _logger.LogInformation("Storage commitment {Transaction} repeated by {Requester}: its report is still on its way", transactionUid, requester);
                return DimseResult.Success();
            }

            report = ReportOf(transactionUid, earlier.Dataset);
            _logger.LogInformation("Storage commitment {Transaction} repeated by {Requester}: answered as before ({State})", transactionUid, requester, earlier.State);
        }
        else if (earlier is not null)
        {
            report = Report(transactionUid, [], references.Select(r => (r.SopClass, r.SopInstance, FailureReasons.DuplicateTransactionUid)).ToList());
            _logger.LogWarning("Storage commitment {Transaction} from {Requester} names other instances than the transaction of that UID: all fail with 0x0131", transactionUid, requester);
        }
        else
        {
            var committed = new List<(string, string)>();
            var failed = new List<(string, string, ushort)>();
            foreach (var (sopClass, sopInstance) in references)
            {
                if (await judge(sopClass, sopInstance, cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    failed.Add((sopClass, sopInstance, reason));
                }
                else
                {
                    committed.Add((sopClass, sopInstance));
                }
            }

            report = Report(transactionUid, committed, failed);
            var kept = information.SetSequence(DicomTag.ContentSequence, report.EventInformation!.Keep()).Set(DicomTag.RetrieveAETitle, requester);
            await transaction.InsertAsync(new StoredInstance(SopClassUid, transactionUid, failed.Count == 0 ? Committed : FailuresExist, 0, kept, DateTimeOffset.UtcNow),
                cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Storage commitment {Transaction} from {Requester}: {Committed} committed, {Failed} failed", transactionUid, requester, committed.Count, failed.Count);
        }

        await transaction.EnqueueReportAsync(_reports.Entry(requester, report), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _reports.Notify();
        return DimseResult.Success();
    }

    /// <summary>
    /// A kept transaction: its state (COMMITTED or FAILURES EXIST), the request with the requestor's AE title in Retrieve AE
    /// Title (0008,0054) and the report's Event Information in its Content Sequence; null when unknown or forgotten.
    /// </summary>
    public Task<StoredInstance?> FindAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        _store.FindAsync(SopClassUid, transactionUid, cancellationToken);

    /// <summary>The kept transactions, oldest first, in a state or all.</summary>
    public IAsyncEnumerable<StoredInstance> TransactionsAsync(string? state = null, CancellationToken cancellationToken = default) =>
        _store.ListAsync(SopClassUid, state, cancellationToken);

    /// <summary>Forgets the transactions older than the configured time; how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var old = new List<StoredInstance>();
        await foreach (var kept in _store.ListAsync(SopClassUid, null, cancellationToken).ConfigureAwait(false))
        {
            if (kept.UpdatedAt < now - _options.KeepResultsFor)
            {
                old.Add(kept);
            }
        }

        if (old.Count > 0)
        {
            await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
            foreach (var kept in old)
            {
                await transaction.DeleteAsync(kept, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Storage commitment: {Count} transaction(s) older than {Keep} forgotten", old.Count, _options.KeepResultsFor);
        }

        return old.Count;
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _purged > TimeSpan.FromHours(1))
        {
            _purged = now;
            await PurgeAsync(now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ReportPendingAsync(string requester, string transactionUid, CancellationToken cancellationToken)
    {
        // Only the requester's reports about the well-known commitment instance, from the outbox's index.
        foreach (var pending in await _store.Outbox.PendingAsync(requester, WellKnownSopInstance.StorageCommitmentPushModel, cancellationToken).ConfigureAwait(false))
        {
            if (pending.SopClassUid == SopClassUid && pending.EventInformation is { } encoded
                && DicomDataset.Decode(encoded, DicomTransferSyntax.ExplicitVRLittleEndian).GetStringOrDefault(DicomTag.TransactionUID) == transactionUid)
            {
                return true;
            }
        }

        return false;
    }

    private static List<(string SopClass, string SopInstance)> References(DicomDataset information)
    {
        var references = new List<(string, string)>();
        if (information.GetSequenceOrDefault(DicomTag.ReferencedSOPSequence) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                references.Add((items[i].GetStringOrDefault(DicomTag.ReferencedSOPClassUID) ?? string.Empty, items[i].GetStringOrDefault(DicomTag.ReferencedSOPInstanceUID) ?? string.Empty));
            }
        }

        return references;
    }

    private static NEventReportRequest ReportOf(string transactionUid, DicomDataset kept)
    {
        var result = kept.GetSequence(DicomTag.ContentSequence)[0];
        var eventType = result.Contains(DicomTag.FailedSOPSequence) ? StorageCommitmentFailuresExist.EventTypeId : StorageCommitmentSuccessful.EventTypeId;
        return new NEventReportRequest(SopClassUid, WellKnownSopInstance.StorageCommitmentPushModel, eventType, result.Keep().Set(DicomTag.TransactionUID, transactionUid));
    }

    private static NEventReportRequest Report(string transactionUid, List<(string SopClass, string SopInstance)> committed, List<(string SopClass, string SopInstance, ushort Reason)> failed) =>
        failed.Count == 0
            ? StorageCommitmentSuccessful.Create(transactionUid,
                committed.Select(r => StorageCommitmentSuccessful.ReferencedSOPSequenceItem.Create(r.SopClass, r.SopInstance))).ToRequest(WellKnownSopInstance.StorageCommitmentPushModel)
            : StorageCommitmentFailuresExist.Create(transactionUid,
                failed.Select(r => StorageCommitmentFailuresExist.FailedSOPSequenceItem.Create(r.SopClass, r.SopInstance, r.Reason)),
                referencedSOPSequence: committed.Count == 0 ? null
                    : committed.Select(r => StorageCommitmentFailuresExist.ReferencedSOPSequenceItem.Create(r.SopClass, r.SopInstance))).ToRequest(WellKnownSopInstance.StorageCommitmentPushModel);
}
