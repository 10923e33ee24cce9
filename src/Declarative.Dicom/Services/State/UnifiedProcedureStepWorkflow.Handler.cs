using Declarative.Dicom.Network;

namespace Declarative.Dicom.State;

/// <summary>
/// The workflow is itself a handler: <c>new DicomServer(options, ups)</c> serves UPS Push, Pull and Watch with the standard
/// behaviour and no handler class at all. An application with rules of its own declares handlers that call the workflow
/// with an <see cref="InstanceRule"/> instead (samples/UpsScp).
/// </summary>
public sealed partial class UnifiedProcedureStepWorkflow : IDicomServiceHandler
{
    private static readonly IReadOnlyList<PresentationContextPolicy> Contexts =
    [
        new(SopClass.UnifiedProcedureStepPush),
        // Requests on Pull and Watch contexts name UPS Push (PS3.4 CC.3.1).
        new(SopClass.UnifiedProcedureStepPull) { AlsoServes = [SopClass.UnifiedProcedureStepPush] },
        new(SopClass.UnifiedProcedureStepWatch) { AlsoServes = [SopClass.UnifiedProcedureStepPush] },
    ];

    IReadOnlyList<PresentationContextPolicy> IDicomServiceHandler.PresentationContexts => Contexts;

    /// <summary>
    /// The application's handler class in front of the standard behaviour: the messages it declares a method for are its
    /// own (its methods call this workflow with an <see cref="InstanceRule"/>), every other one runs as standard.
    /// </summary>
    public IDicomServiceHandler With(IDicomServiceHandler rules) => new Hosting.RulesBeforeStandard(rules, this);

    async ValueTask<DimseResponse> IDicomServiceHandler.HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        var context = HandlerContexts.SopClassOf(request);
        return request switch
        {
            NCreateRequest create when context == SopClass.UnifiedProcedureStepPush =>
                HandlerResults.FromResult(request, await CreateAsync(create, cancellationToken: cancellationToken).ConfigureAwait(false), datasetDefined: true),
            NSetRequest set when context == SopClass.UnifiedProcedureStepPull =>
                HandlerResults.FromResult(request, await SetAsync(set, cancellationToken: cancellationToken).ConfigureAwait(false), datasetDefined: true),
            NGetRequest get => HandlerResults.FromResult(request, await GetAsync(get, cancellationToken).ConfigureAwait(false), datasetDefined: true),
            NActionRequest action => await ActAsync(action, context, cancellationToken).ConfigureAwait(false),
            CFindRequest find when context is SopClass.UnifiedProcedureStepPull or SopClass.UnifiedProcedureStepWatch =>
                HandlerResults.RefuseQuery(find) ?? HandlerResults.Matches(request, FindAsync(find.Query, cancellationToken)),
            _ => HandlerResults.NotServed(request),
        };
    }

    /// <summary>Each action on the SOP class PS3.4 gives it: Change State on Pull, Request Cancel on Push and Watch, the subscriptions on Watch.</summary>
    private async ValueTask<DimseResponse> ActAsync(NActionRequest action, string context, CancellationToken cancellationToken)
    {
        var result = (action.ActionTypeId, context) switch
        {
            (1, SopClass.UnifiedProcedureStepPull) => await ChangeStateAsync(action, cancellationToken: cancellationToken).ConfigureAwait(false),
            (2, SopClass.UnifiedProcedureStepPush or SopClass.UnifiedProcedureStepWatch) => await RequestCancelAsync(action, cancellationToken: cancellationToken).ConfigureAwait(false),
            (3, SopClass.UnifiedProcedureStepWatch) => await SubscribeAsync(action, cancellationToken).ConfigureAwait(false),
            (4, SopClass.UnifiedProcedureStepWatch) => await UnsubscribeAsync(action, cancellationToken).ConfigureAwait(false),
            (5, SopClass.UnifiedProcedureStepWatch) => await SuspendGlobalSubscriptionAsync(action, cancellationToken).ConfigureAwait(false),
            _ => (DimseResult?)null,
        };
        return result is { } answered
            ? HandlerResults.FromResult(action, answered, datasetDefined: false)
            : HandlerResults.NoSuchActionType(action, action.ActionTypeId);
    }
}
