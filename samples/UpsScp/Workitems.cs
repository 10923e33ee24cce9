using System.Runtime.CompilerServices;
using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.State;

namespace UpsScpSample;

/// <summary>
/// A Unified Procedure Step SCP — a worklist manager (PS3.4 CC) — as attributed methods: Push (create, request cancel),
/// Pull (query, read, update, change state), Watch (subscribe, unsubscribe, suspend global, query) and Event (the reports,
/// sent by the framework). The workitems, their locks and the subscriptions are the framework's
/// <see cref="UnifiedProcedureStepWorkflow"/> over a SQLite file, so they survive a restart; every state change, progress
/// change and cancel request reaches the subscribers through the durable outbox.
/// </summary>
public sealed partial class Workitems(UnifiedProcedureStepWorkflow ups)
{
    // Requests name UPS Push whatever context they come on (PS3.4 CC.3.1); the dispatch routes them by their context.
    [NCreate(SopClass.UnifiedProcedureStepPush)]
    public Task<DimseResult> OnCreate(NCreateRequest request, CancellationToken cancellationToken) => ups.CreateAsync(request, cancellationToken: cancellationToken);

    [NSet(SopClass.UnifiedProcedureStepPull)]
    public Task<DimseResult> OnSet(NSetRequest request, CancellationToken cancellationToken) => ups.SetAsync(request, cancellationToken: cancellationToken);

    [NGet(SopClass.UnifiedProcedureStepPush)]
    [NGet(SopClass.UnifiedProcedureStepPull)]
    [NGet(SopClass.UnifiedProcedureStepWatch)]
    public Task<DimseResult> OnGet(NGetRequest request, CancellationToken cancellationToken) => ups.GetAsync(request, cancellationToken);

    [NAction(SopClass.UnifiedProcedureStepPull, UpsChangeState.ActionTypeId)]
    public Task<DimseResult> OnChangeState(NActionRequest request, CancellationToken cancellationToken) =>
        ups.ChangeStateAsync(request, cancellationToken: cancellationToken);

    [NAction(SopClass.UnifiedProcedureStepPush, UpsRequestCancel.ActionTypeId)]
    [NAction(SopClass.UnifiedProcedureStepWatch, UpsWatchRequestCancel.ActionTypeId)]
    public Task<DimseResult> OnRequestCancel(NActionRequest request, CancellationToken cancellationToken) =>
        ups.RequestCancelAsync(request, cancellationToken: cancellationToken);

    [NAction(SopClass.UnifiedProcedureStepWatch, UpsSubscribe.ActionTypeId)]
    public Task<DimseResult> OnSubscribe(NActionRequest request, CancellationToken cancellationToken) => ups.SubscribeAsync(request, cancellationToken);

    [NAction(SopClass.UnifiedProcedureStepWatch, UpsUnsubscribe.ActionTypeId)]
    public Task<DimseResult> OnUnsubscribe(NActionRequest request, CancellationToken cancellationToken) => ups.UnsubscribeAsync(request, cancellationToken);

    [NAction(SopClass.UnifiedProcedureStepWatch, UpsSuspendGlobalSubscription.ActionTypeId)]
    public Task<DimseResult> OnSuspendGlobal(NActionRequest request, CancellationToken cancellationToken) =>
        ups.SuspendGlobalSubscriptionAsync(request, cancellationToken);

    [CFind(SopClass.UnifiedProcedureStepPull)]
    [CFind(SopClass.UnifiedProcedureStepWatch)]
    public async IAsyncEnumerable<DicomDataset> OnFind(DicomQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var workitem in ups.FindAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return workitem;
        }
    }
}
