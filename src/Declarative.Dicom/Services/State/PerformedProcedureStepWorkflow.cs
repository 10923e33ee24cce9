using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Declarative.Dicom.State;

/// <summary>
/// The Modality Performed Procedure Step SCP's standard behaviour (PS3.4 F.7) over an <see cref="IInstanceStore"/>: a step is
/// created IN PROGRESS, updated while IN PROGRESS, moved to COMPLETED or DISCONTINUED, and then never updated again
/// (0x0110, Error ID 0xA710). An application's [NCreate]/[NSet]/[NGet] handlers call it, passing a rule of their own when
/// they have one; the steps outlive the process and are shared by every process on the same store.
/// </summary>
[CopiesWhatItKeeps]
public sealed partial class PerformedProcedureStepWorkflow
{
    /// <summary>Error ID of "Performed Procedure Step Object may no longer be updated" (PS3.4 Table F.7.2-2).</summary>
    public const ushort MayNoLongerBeUpdated = 0xA710;

    /// <summary>The state a step is created in and updated in.</summary>
    public const string InProgress = "IN PROGRESS";

    private static readonly StateMachineInfo Machine = WorkflowStateCatalogue.PerformedProcedureStep;
    private readonly IInstanceStore _store;
    private readonly ILogger _logger;

    public PerformedProcedureStepWorkflow(IInstanceStore store, ILogger? logger = null)
    {
        _store = store;
        _logger = logger ?? NullLogger.Instance;
    }

    public IInstanceStore Store => _store;

    /// <summary>Raised after a change committed: the step as stored now.</summary>
    public event Action<StoredInstance>? Changed;

    /// <summary>The steps kept, in a state or all.</summary>
    public IAsyncEnumerable<StoredInstance> StepsAsync(string? state = null, CancellationToken cancellationToken = default) =>
        _store.ListAsync(Machine.SopClassUid, state, cancellationToken);

    /// <summary>N-CREATE: a new step, IN PROGRESS; the SOP Instance UID the SCU chose, or one assigned and returned (PS3.4 F.7.2.1.2).</summary>
    public async Task<DimseResult> CreateAsync(NCreateRequest request, InstanceRule? rule = null, CancellationToken cancellationToken = default)
    {
        var requested = (request.Dataset ?? new DicomDataset()).Keep(); // the request's dataset is lent for the call
        var state = requested.GetStringOrDefault(new DicomTag(Machine.StateTag));
        if (state != Machine.Initial)
        {
            return DimseResult.Failure(DimseStatus.InvalidAttributeValue, $"a step is created {Machine.Initial}, not {state}");
        }

        var uid = request.SopInstanceUid ?? DicomUid.Generate();
        var created = new StoredInstance(request.SopClassUid, uid, state, 0, requested, DateTimeOffset.UtcNow);
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await transaction.InsertAsync(created, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateInstanceException)
        {
            return DimseResult.Failure(DimseStatus.DuplicateSopInstance, "this step exists already");
        }

        var result = await ApplyRuleAsync(rule, new InstanceChange(null, created, requested, transaction), cancellationToken).ConfigureAwait(false);
        if (!result.Status.AllowsReplyDataset)
        {
            return result;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("MPPS {Step}: created {State}", uid, state);
        Changed?.Invoke(created);
        return request.SopInstanceUid is null ? result with { AffectedSopInstanceUid = uid } : result;
    }

    /// <summary>
    /// N-SET: the modification list replaces the step's attributes (PS3.7 10.1.1) while it is IN PROGRESS; a final state is
    /// never left. A concurrent change committed in between is re-read and the rules applied again.
    /// </summary>
    public async Task<DimseResult> SetAsync(NSetRequest request, InstanceRule? rule = null, CancellationToken cancellationToken = default)
    {
        var requested = (request.Dataset ?? new DicomDataset()).Keep();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TrySetAsync(request, requested, rule, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceConcurrencyException) when (attempt < 3)
            {
                _logger.LogDebug("MPPS {Step}: changed concurrently; applying the N-SET again", request.SopInstanceUid);
            }
        }
    }

    private async Task<DimseResult> TrySetAsync(NSetRequest request, DicomDataset requested, InstanceRule? rule, CancellationToken cancellationToken)
    {
        await using var transaction = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (request.SopInstanceUid is not { } uid || await transaction.FindAsync(Machine.SopClassUid, uid, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return DimseResult.Failure(DimseStatus.NoSuchSopInstance, "no such performed procedure step");
        }

        if (Machine.IsFinal(current.State))
        {
            _logger.LogWarning("MPPS {Step}: N-SET refused, the step is {State}", uid, current.State);
            return new DimseResult(DimseStatus.ProcessingFailure, errorComment: "Performed Procedure Step Object may no longer be updated") { ErrorId = MayNoLongerBeUpdated };
        }

        var next = requested.GetStringOrDefault(new DicomTag(Machine.StateTag)) ?? current.State;
        if (!Machine.IsState(next) || !Machine.Allows(current.State, next))
        {
            return DimseResult.Failure(DimseStatus.InvalidAttributeValue, $"no change from {current.State} to {next}");
        }

        var dataset = current.Dataset;
        foreach (var attribute in requested)
        {
            dataset.Add(attribute);
        }

        var proposed = current.Changed(next, dataset);
        await transaction.UpdateAsync(proposed, cancellationToken).ConfigureAwait(false);
        var result = await ApplyRuleAsync(rule, new InstanceChange(current, proposed, requested, transaction), cancellationToken).ConfigureAwait(false);
        if (!result.Status.AllowsReplyDataset)
        {
            return result;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("MPPS {Step}: {Change}", uid, next == current.State ? "updated" : next);
        Changed?.Invoke(proposed);
        return result;
    }

    /// <summary>N-GET: the attributes asked for (all of them for an empty Attribute Identifier List, PS3.7 10.1.2.1.4).</summary>
    public async Task<DimseResult> GetAsync(NGetRequest request, CancellationToken cancellationToken = default)
    {
        if (request.SopInstanceUid is not { } uid || await _store.FindAsync(Machine.SopClassUid, uid, cancellationToken).ConfigureAwait(false) is not { } step)
        {
            return DimseResult.Failure(DimseStatus.NoSuchSopInstance, "no such performed procedure step");
        }

        var wanted = request.AttributeIdentifierList;
        return DimseResult.Success(wanted.Count == 0 ? step.Dataset : new DicomDataset(step.Dataset.Where(a => wanted.Contains(a.Tag))));
    }

    private static ValueTask<DimseResult> ApplyRuleAsync(InstanceRule? rule, InstanceChange change, CancellationToken cancellationToken) =>
        rule is null ? new ValueTask<DimseResult>(DimseResult.Success()) : rule(change, cancellationToken);
}
