using Declarative.Dicom.Network;

namespace Declarative.Dicom.State;

/// <summary>
/// The workflow is itself a handler: <c>new DicomServer(options, steps)</c> serves MPPS (N-CREATE, N-SET) and MPPS Retrieve
/// (N-GET) with the standard behaviour and the catalogue's attribute rules (Table F.7.2-1), no handler class needed. An
/// application with rules of its own declares handlers that call the workflow with an <see cref="InstanceRule"/> instead.
/// </summary>
public sealed partial class PerformedProcedureStepWorkflow : IDicomServiceHandler
{
    private static readonly IReadOnlyList<PresentationContextPolicy> Contexts =
        [new(SopClass.ModalityPerformedProcedureStep), new(SopClass.ModalityPerformedProcedureStepRetrieve)];

    IReadOnlyList<PresentationContextPolicy> IDicomServiceHandler.PresentationContexts => Contexts;

    /// <summary>
    /// The application's handler class in front of the standard behaviour: the messages it declares a method for are its
    /// own (its methods call this workflow with an <see cref="InstanceRule"/>), every other one runs as standard.
    /// </summary>
    public IDicomServiceHandler With(IDicomServiceHandler rules) => new Hosting.RulesBeforeStandard(rules, this);

    async ValueTask<DimseResponse> IDicomServiceHandler.HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case NCreateRequest create when create.SopClassUid == SopClass.ModalityPerformedProcedureStep:
                // What PS3.4 requires of the dataset is checked first, as the generated dispatch does for a handler.
                if (PerformedProcedureStepCreate.CheckRequired(create.Dataset) is { } missing)
                {
                    return HandlerResults.MissingAttribute(create, missing, "Attribute List");
                }

                return HandlerResults.FromResult(request, await CreateAsync(create, cancellationToken: cancellationToken).ConfigureAwait(false), datasetDefined: true);
            case NSetRequest set when set.SopClassUid == SopClass.ModalityPerformedProcedureStep:
                if (PerformedProcedureStepSet.FindNotAllowed(set.Dataset) is { } notAllowed)
                {
                    return HandlerResults.NotAllowedInSet(set, notAllowed);
                }

                return HandlerResults.FromResult(request, await SetAsync(set, cancellationToken: cancellationToken).ConfigureAwait(false), datasetDefined: true);
            case NGetRequest get when get.SopClassUid == SopClass.ModalityPerformedProcedureStepRetrieve:
                return HandlerResults.FromResult(request, await GetAsync(get, cancellationToken).ConfigureAwait(false), datasetDefined: true);
            default:
                return HandlerResults.NotServed(request);
        }
    }
}
