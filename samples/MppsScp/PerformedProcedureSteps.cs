using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.State;

namespace MppsScpSample;

/// <summary>
/// A Modality Performed Procedure Step SCP (PS3.4 F.7) as attributed methods over the framework's managed store. The steps
/// live in an <see cref="IInstanceStore"/> (a SQLite file by default), so a restart loses none and a second process on the
/// same store sees them; the state rules of PS3.4 F.1.3 (created IN PROGRESS, COMPLETED or DISCONTINUED final: 0x0110 with
/// Error ID 0xA710 after them) are the framework's <see cref="PerformedProcedureStepWorkflow"/>, not this class's. The
/// attribute rules of Table F.7.2-1 come from the catalogue: the generated dispatch answers an N-CREATE without a Type 1
/// attribute (0x0120/0x0121) and an N-SET of an attribute N-SET may not change (0x0105) before these methods run.
/// </summary>
public sealed partial class PerformedProcedureSteps
{
    private readonly PerformedProcedureStepWorkflow _steps;

    public PerformedProcedureSteps(IInstanceStore store, TextWriter log)
    {
        _steps = new PerformedProcedureStepWorkflow(store);
        _steps.Changed += step => log.WriteLine(step.Version == 0
            ? $"MPPS {step.SopInstanceUid}: created {step.State} (step {step.Dataset.GetStringOrDefault(DicomTag.PerformedProcedureStepID)}, {step.Dataset.GetStringOrDefault(DicomTag.Modality)})"
            : $"MPPS {step.SopInstanceUid}: {step.State} (version {step.Version})");
    }

    public PerformedProcedureStepWorkflow Steps => _steps;

    [NCreate(SopClass.ModalityPerformedProcedureStep)]
    public Task<DimseResult> OnCreate(PerformedProcedureStepCreate step, NCreateRequest request, CancellationToken cancellationToken) =>
        _steps.CreateAsync(request, cancellationToken: cancellationToken);

    [NSet(SopClass.ModalityPerformedProcedureStep)]
    public Task<DimseResult> OnSet(PerformedProcedureStepSet changes, NSetRequest request, CancellationToken cancellationToken) =>
        _steps.SetAsync(request, cancellationToken: cancellationToken);

    // PS3.4 F.8: N-GET of a step is the MPPS Retrieve SOP Class's (DCM1009 reports it under the MPPS SOP Class).
    [NGet(SopClass.ModalityPerformedProcedureStepRetrieve)]
    public Task<DimseResult> OnGet(NGetRequest request, CancellationToken cancellationToken) => _steps.GetAsync(request, cancellationToken);
}
