using System.Collections.Concurrent;
using Declarative.Dicom;
using Declarative.Dicom.Data;

namespace MppsScpSample;

/// <summary>
/// A Modality Performed Procedure Step SCP (PS3.4 F.7) as attributed methods. It keeps each step in memory and
/// enforces the state rules of PS3.4 F.1.3: a step is created IN PROGRESS, and once COMPLETED or DISCONTINUED it
/// can no longer be changed (0x0110 with Error ID 0xA710, PS3.4 F.7.2.2.2). The attribute rules of Table F.7.2-1
/// come from the catalogue: the generated dispatch answers an N-CREATE without a Type 1 attribute (0x0120/0x0121)
/// and an N-SET of an attribute N-SET may not change (0x0105) before these methods run.
/// </summary>
public sealed partial class PerformedProcedureSteps
{
    /// <summary>Error ID of "Performed Procedure Step Object may no longer be updated" (PS3.4 F.7.2.2.2).</summary>
    public const ushort MayNoLongerBeUpdated = 0xA710;

    private const string InProgress = "IN PROGRESS";

    /// <summary>The final states (PS3.4 Table F.1-3) an N-SET may move a step into.</summary>
    private static readonly string[] SettableStates = [InProgress, "COMPLETED", "DISCONTINUED"];

    private readonly ConcurrentDictionary<string, DicomDataset> _steps = new(StringComparer.Ordinal);
    private readonly TextWriter _log;

    public PerformedProcedureSteps(TextWriter log) => _log = log;

    /// <summary>The state a step is in, or null for a step this SCP does not know.</summary>
    public string? StateOf(string sopInstanceUid) =>
        _steps.TryGetValue(sopInstanceUid, out var step) ? step.GetStringOrDefault(DicomTag.PerformedProcedureStepStatus) : null;

    [NCreate(SopClass.ModalityPerformedProcedureStep)]
    public DimseResult OnCreate(PerformedProcedureStepCreate step, NCreateRequest request)
    {
        if (step.PerformedProcedureStepStatus != InProgress)
        {
            return DimseResult.Failure(DimseStatus.InvalidAttributeValue, $"a step is created IN PROGRESS, not {step.PerformedProcedureStepStatus}");
        }

        // PS3.4 F.7.2.1.2: the SCU may leave the SOP Instance UID to the SCP, which then returns the one it assigned.
        var uid = request.SopInstanceUid ?? DicomUid.Generate();
        // The request's dataset is lent for the call: the step keeps a copy of its own.
        if (!_steps.TryAdd(uid, step.Dataset.Keep()))
        {
            return DimseResult.Failure(DimseStatus.DuplicateSopInstance, "this step exists already");
        }

        _log.WriteLine($"MPPS {uid}: created {InProgress} (step {step.PerformedProcedureStepID}, {step.Modality})");
        return request.SopInstanceUid is null ? DimseResult.Created(uid) : DimseResult.Success();
    }

    [NSet(SopClass.ModalityPerformedProcedureStep)]
    public DimseResult OnSet(PerformedProcedureStepSet changes, NSetRequest request)
    {
        if (request.SopInstanceUid is not { } uid || !_steps.TryGetValue(uid, out var step))
        {
            return DimseResult.Failure(DimseStatus.NoSuchSopInstance, "no such performed procedure step");
        }

        lock (step)
        {
            var current = step.GetString(DicomTag.PerformedProcedureStepStatus);
            if (current != InProgress)
            {
                return new DimseResult(DimseStatus.ProcessingFailure, errorComment: "Performed Procedure Step Object may no longer be updated") { ErrorId = MayNoLongerBeUpdated };
            }

            var next = changes.PerformedProcedureStepStatus ?? current;
            if (Array.IndexOf(SettableStates, next) < 0)
            {
                return DimseResult.Failure(DimseStatus.InvalidAttributeValue, $"no such state: {next}");
            }

            Copy(changes.Dataset.Keep(), step); // kept: the request's attributes are lent for the call
            _log.WriteLine($"MPPS {uid}: {(next == current ? "updated" : next)}");
            return DimseResult.Success();
        }
    }

    // PS3.4 F.8: N-GET of a step is the MPPS Retrieve SOP Class's (DCM1009 reports it under the MPPS SOP Class).
    [NGet(SopClass.ModalityPerformedProcedureStepRetrieve)]
    public DimseResult OnGet(NGetRequest request)
    {
        if (request.SopInstanceUid is not { } uid || !_steps.TryGetValue(uid, out var step))
        {
            return DimseResult.Failure(DimseStatus.NoSuchSopInstance, "no such performed procedure step");
        }

        lock (step)
        {
            // An empty Attribute Identifier List asks for every attribute (PS3.7 10.1.2.1.4).
            var wanted = request.AttributeIdentifierList;
            var answer = new DicomDataset(wanted.Count == 0 ? step : step.Where(a => wanted.Contains(a.Tag)));
            return DimseResult.Success(answer);
        }
    }

    private static DicomDataset Copy(DicomDataset from, DicomDataset to)
    {
        foreach (var attribute in from)
        {
            to.Add(attribute);
        }

        return to;
    }
}
