using System.Runtime.CompilerServices;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Data;
using Declarative.Dicom.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.State;

/// <summary>
/// The Unified Procedure Step SCP's standard behaviour (PS3.4 CC) over an <see cref="IInstanceStore"/>: workitems created
/// SCHEDULED (N-CREATE), claimed IN PROGRESS with a locking Transaction UID and completed or canceled by their performer
/// (Change State), updated under that lock (N-SET), canceled on request, read (N-GET, C-FIND); subscriptions per workitem,
/// global and filtered, with deletion locks; and the N-EVENT-REPORTs each change causes, queued in the outbox in the
/// change's own transaction, so that none is lost and none is sent for a change that did not commit. Handlers of the Push,
/// Pull and Watch SOP classes call it; the state, the lock and the subscriptions outlive the process.
/// </summary>
[CopiesWhatItKeeps]
public sealed partial class UnifiedProcedureStepWorkflow
{
    public const string Scheduled = "SCHEDULED";
    public const string InProgress = "IN PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Canceled = "CANCELED";

    private static readonly StateMachineInfo Machine = WorkflowStateCatalogue.UnifiedProcedureStep;

    /// <summary>
    /// The values the coded attributes an N-CREATE must carry may take (PS3.3 C.30.1). Which attributes it must carry, and
    /// which N-SET may not change, are the catalogue's (<see cref="UpsCreate"/>, <see cref="UpsSet"/>: Table CC.2.5-3 as
    /// dcm4chee-arc applies it).
    /// </summary>
    private static readonly (DicomTag Tag, string[] Values)[] CodedAtCreate =
    [
        (DicomTag.InputReadinessState, ["INCOMPLETE", "UNAVAILABLE", "READY"]),
        (DicomTag.ScheduledProcedureStepPriority, ["HIGH", "MEDIUM", "LOW"]),
    ];

    private readonly IInstanceStore _store;
    private readonly ReportOutbox _events;
    private readonly ILogger _logger;

    /// <param name="store">Where workitems and subscriptions are kept.</param>
    /// <param name="events">Delivers the N-EVENT-REPORTs; it must send from <paramref name="store"/>'s outbox, and its table names the subscribers.</param>
    /// <param name="logger">State changes at Information, refusals at Warning.</param>
    public UnifiedProcedureStepWorkflow(IInstanceStore store, ReportOutbox events, ILogger? logger = null)
    {
        _store = store;
        _events = events;
        _logger = logger ?? NullLogger.Instance;
    }

    public IInstanceStore Store => _store;

    /// <summary>Raised after a change to a workitem committed: the workitem as stored now.</summary>
    public event Action<StoredInstance>? Changed;

    /// <summary>The workitems kept, in a state or all.</summary>
    public IAsyncEnumerable<StoredInstance> WorkitemsAsync(string? state = null, CancellationToken cancellationToken = default) =>
        _store.ListAsync(Machine.SopClassUid, state, cancellationToken);

    /// <summary>N-CREATE (UPS Push): a new workitem, SCHEDULED; the UID the SCU chose, or one assigned and returned.</summary>
    public async Task<DimseResult> CreateAsync(NCreateRequest request, InstanceRule? rule = null, CancellationToken cancellationToken = default)
    {
        var requested = (request.Dataset ?? new DicomDataset()).Keep();
        if (UpsCreate.CheckRequired(requested) is { } missing)
        {
            return Refuse(request, missing.IsEmpty ? DimseStatus.MissingAttributeValue : DimseStatus.MissingAttribute, $"missing Type 1 {missing.Innermost}");
        }

        // Present, as the catalogue requires it (a missing one is 0x0120 above, as the generated dispatch answers it).
        var state = requested.GetString(DicomTag.ProcedureStepState);
        if (state != Scheduled)
        {
            return Refuse(request, DimseStatus.UpsNotScheduled, $"a workitem is created {Scheduled}, not {state}");
        }

        foreach (var (tag, values) in CodedAtCreate)
        {
            var value = requested.GetStringOrDefault(tag);
            if (Array.IndexOf(values, value) < 0)
            {
                return Refuse(request, DimseStatus.InvalidAttributeValue, $"{tag.Keyword ?? tag.ToString()} is {value}, not one of {string.Join(", ", values)}");
            }
        }

        if (requested.Contains(DicomTag.TransactionUID))
        {
            // The lock is the performer's, given at Change State; a creator cannot hand it out.
            requested.Remove(DicomTag.TransactionUID);
        }

        var uid = request.SopInstanceUid ?? DicomUid.Generate();
        requested.Set(DicomTag.SOPClassUID, Machine.SopClassUid).Set(DicomTag.SOPInstanceUID, uid);
        var created = new StoredInstance(Machine.SopClassUid, uid, Scheduled, 0, requested, DateTimeOffset.UtcNow);
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await transaction.InsertAsync(created, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateInstanceException)
        {
            return Refuse(request, DimseStatus.DuplicateSopInstance, "this workitem exists already");
        }

        var result = await ApplyRuleAsync(rule, new InstanceChange(null, created, requested, transaction), cancellationToken).ConfigureAwait(false);
        if (!result.Status.AllowsReplyDataset)
        {
            return result;
        }

        var reports = await SubscribeGlobalSubscribersAsync(transaction, created, cancellationToken).ConfigureAwait(false);
        await CommitAsync(transaction, created, reports, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("UPS {Workitem}: created {State} ({Label}); {Reports} report(s) queued", uid, Scheduled,
            requested.GetStringOrDefault(DicomTag.ProcedureStepLabel), reports);
        return request.SopInstanceUid is null ? result with { AffectedSopInstanceUid = uid } : result;
    }

    /// <summary>
    /// N-SET (UPS Pull): the Modification List replaces attributes of a SCHEDULED workitem, or of an IN PROGRESS one when it
    /// carries the workitem's Transaction UID (else 0xC301); a COMPLETED or CANCELED one is never changed (0xC300). A change
    /// of progress reports UPS Progress Report, a change of station or performers UPS Assigned, to the workitem's subscribers.
    /// </summary>
    public async Task<DimseResult> SetAsync(NSetRequest request, InstanceRule? rule = null, CancellationToken cancellationToken = default)
    {
        var requested = (request.Dataset ?? new DicomDataset()).Keep();
        if (UpsSet.FindNotAllowed(requested) is { } notAllowed)
        {
            return Refuse(request, DimseStatus.NoSuchAttribute, $"not allowed in N-SET: {string.Join(", ", notAllowed.Select(t => t.ToDisplayString()))}");
        }

        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await FindAsync(transaction, request.SopInstanceUid, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return Refuse(request, DimseStatus.UpsDoesNotExist, "no such workitem");
        }

        if (Machine.IsFinal(current.State))
        {
            return Refuse(request, DimseStatus.UpsMayNoLongerBeUpdated, $"the workitem is {current.State}");
        }

        var offered = requested.GetStringOrDefault(DicomTag.TransactionUID);
        if (current.State == InProgress && offered != TransactionOf(current))
        {
            return Refuse(request, DimseStatus.UpsTransactionUidNotCorrect,
                offered is null ? "an IN PROGRESS workitem is changed with its Transaction UID" : "the Transaction UID is not the workitem's");
        }

        requested.Remove(DicomTag.TransactionUID);
        var dataset = current.Dataset;
        var progressChanged = requested.Contains(DicomTag.ProcedureStepProgressInformationSequence);
        var assignmentChanged = requested.Contains(DicomTag.ScheduledStationNameCodeSequence) || requested.Contains(DicomTag.ScheduledHumanPerformersSequence);
        foreach (var attribute in requested)
        {
            dataset.Add(attribute);
        }

        var proposed = current.Changed(current.State, dataset);
        await transaction.UpdateAsync(proposed, cancellationToken).ConfigureAwait(false);
        var result = await ApplyRuleAsync(rule, new InstanceChange(current, proposed, requested, transaction), cancellationToken).ConfigureAwait(false);
        if (!result.Status.AllowsReplyDataset)
        {
            return result;
        }

        var reports = 0;
        if (progressChanged)
        {
            reports += await ReportToSubscribersAsync(transaction, proposed.SopInstanceUid, UpsEvents.ProgressReport, UpsEvents.ProgressOf(dataset), cancellationToken)
                .ConfigureAwait(false);
        }

        if (assignmentChanged)
        {
            foreach (var assigned in UpsEvents.AssignedOf(dataset))
            {
                reports += await ReportToSubscribersAsync(transaction, proposed.SopInstanceUid, UpsEvents.Assigned, assigned, cancellationToken).ConfigureAwait(false);
            }
        }

        await CommitAsync(transaction, proposed, reports, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("UPS {Workitem}: updated (version {Version}); {Reports} report(s) queued", proposed.SopInstanceUid, proposed.Version, reports);
        return result;
    }

    /// <summary>N-GET: the attributes asked for, all for an empty list; never the Transaction UID (PS3.4 CC.2.7.3), which is not kept among them.</summary>
    public async Task<DimseResult> GetAsync(NGetRequest request, CancellationToken cancellationToken = default)
    {
        if (request.SopInstanceUid is not { } uid || await _store.FindAsync(Machine.SopClassUid, uid, cancellationToken).ConfigureAwait(false) is not { } workitem)
        {
            return Refuse(request, DimseStatus.UpsDoesNotExist, "no such workitem");
        }

        var wanted = request.AttributeIdentifierList;
        return DimseResult.Success(wanted.Count == 0 ? workitem.Dataset : new DicomDataset(workitem.Dataset.Where(a => wanted.Contains(a.Tag))));
    }

    /// <summary>C-FIND (UPS Pull, Watch): the workitems the query matches, as stored (the framework projects them onto the keys).</summary>
    public async IAsyncEnumerable<DicomDataset> FindAsync(DicomQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var workitem in _store.ListAsync(Machine.SopClassUid, null, cancellationToken).ConfigureAwait(false))
        {
            if (query.Matches(workitem.Dataset))
            {
                yield return workitem.Dataset;
            }
        }
    }

    private Task<StoredInstance?> FindAsync(IInstanceTransaction transaction, string? uid, CancellationToken cancellationToken) =>
        uid is null ? Task.FromResult<StoredInstance?>(null) : transaction.FindAsync(Machine.SopClassUid, uid, cancellationToken);

    /// <summary>Commits, wakes the outbox when reports were queued, tells who listens.</summary>
    private async Task CommitAsync(IInstanceTransaction transaction, StoredInstance changed, int reports, CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (reports > 0)
        {
            _events.Notify();
        }

        Changed?.Invoke(changed);
    }

    private DimseResult Refuse(DimseRequest request, DimseStatus status, string comment)
    {
        _logger.LogWarning("UPS {Workitem}: {Request} refused with {Status}: {Comment}", request.SopInstanceUid, request.CommandField.ToDisplayName(), status, comment);
        return status.AllowsReplyDataset ? new DimseResult(status, errorComment: comment) : DimseResult.Failure(status, comment);
    }

    private static ValueTask<DimseResult> ApplyRuleAsync(InstanceRule? rule, InstanceChange change, CancellationToken cancellationToken) =>
        rule is null ? new ValueTask<DimseResult>(DimseResult.Success()) : rule(change, cancellationToken);
}
