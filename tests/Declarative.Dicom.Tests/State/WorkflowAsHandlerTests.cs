using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.State;

/// <summary>
/// With no handler class at all, a workflow serves its SOP classes with the standard behaviour; a handler class in front of
/// it takes the messages it declares, with rules of its own, and leaves the rest to the workflow.
/// </summary>
public sealed partial class WorkflowAsHandlerTests
{
    /// <summary>An application's one rule: a step is DISCONTINUED only with a reason. It declares N-SET alone.</summary>
    public sealed partial class DiscontinueWithReason(PerformedProcedureStepWorkflow steps)
    {
        [NSet(SopClass.ModalityPerformedProcedureStep)]
        public Task<DimseResult> OnSet(NSetRequest request, CancellationToken cancellationToken) =>
            steps.SetAsync(request, (change, _) => new(change.Proposed.State == "DISCONTINUED"
                && !change.Proposed.Dataset.Contains(DicomTag.PerformedProcedureStepDiscontinuationReasonCodeSequence)
                    ? DimseResult.Failure(DimseStatus.MissingAttribute, "a discontinued step names its reason")
                    : DimseResult.Success()), cancellationToken);
    }

    [Fact]
    public async Task ARulesClass_TakesWhatItDeclares_AndTheWorkflowTheRest()
    {
        var steps = new PerformedProcedureStepWorkflow(new InMemoryInstanceStore());
        var host = new DicomTestHost(steps.With(new DiscontinueWithReason(steps)));
        var reason = new DicomDataset().Set(DicomTag.CodeValue, "110500").Set(DicomTag.CodingSchemeDesignator, "DCM").Set(DicomTag.CodeMeaning, "Doctor cancelled procedure");

        var created = await host.SendAsync(Step("3.1", "IN PROGRESS"));
        var withoutReason = await host.SendAsync(Set("3.1", new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, "DISCONTINUED")));
        var withReason = await host.SendAsync(Set("3.1", new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, "DISCONTINUED")
            .SetSequence(DicomTag.PerformedProcedureStepDiscontinuationReasonCodeSequence, reason)));
        var read = await host.SendAsync(new NGetRequest(SopClass.ModalityPerformedProcedureStepRetrieve, "3.1", [DicomTag.PerformedProcedureStepStatus]));

        Assert.Equal([0x0000, 0x0120, 0x0000, 0x0000], new[] { created.Status.Code, withoutReason.Status.Code, withReason.Status.Code, read.Status.Code });
        Assert.Equal("a discontinued step names its reason", withoutReason.ErrorComment);
        Assert.Equal("DISCONTINUED", read.Dataset!.GetString(DicomTag.PerformedProcedureStepStatus));
        Assert.Throws<ArgumentException>(() => steps.With(steps)); // the rules must say what they declare: a generated class does
    }

    private static NCreateRequest Step(string uid, string state, bool withModality = true)
    {
        var dataset = new DicomDataset()
            .SetSequence(DicomTag.ScheduledStepAttributesSequence, new DicomDataset().Set(DicomTag.StudyInstanceUID, "1.2.3").Set(DicomTag.AccessionNumber, "A1"))
            .Set(DicomTag.PerformedStationAETitle, "CT01").Set(DicomTag.PerformedProcedureStepStartDate, "20261203")
            .Set(DicomTag.PerformedProcedureStepStartTime, "101500").Set(DicomTag.PerformedProcedureStepID, "PPS-1")
            .Set(DicomTag.PerformedProcedureStepStatus, state).Set(DicomTag.PatientID, "P1");
        if (withModality)
        {
            dataset.Set(DicomTag.Modality, "CT");
        }

        return new NCreateRequest(SopClass.ModalityPerformedProcedureStep, uid, dataset);
    }

    private static NSetRequest Set(string uid, DicomDataset changes) => new(SopClass.ModalityPerformedProcedureStep, uid, changes);

    [Fact]
    public async Task Mpps_TheWorkflowAlone_AppliesTheAttributeAndStateRules()
    {
        var host = new DicomTestHost(new PerformedProcedureStepWorkflow(new InMemoryInstanceStore()));

        var statuses = new List<ushort>
        {
            (await host.SendAsync(Step("1.1", "IN PROGRESS"))).Status,
            (await host.SendAsync(Set("1.1", new DicomDataset().Set(DicomTag.PatientName, "Doe^John")))).Status,
            (await host.SendAsync(Set("1.1", new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, "COMPLETED")))).Status,
            (await host.SendAsync(Set("1.1", new DicomDataset().Set(DicomTag.PerformedProcedureStepStatus, "DISCONTINUED")))).Status,
            (await host.SendAsync(Step("1.2", "IN PROGRESS", withModality: false))).Status,
            (await host.SendAsync(new NGetRequest(SopClass.ModalityPerformedProcedureStepRetrieve, "1.1", [DicomTag.PerformedProcedureStepStatus]))).Status,
        };

        Assert.Equal([0x0000, 0x0105, 0x0000, 0x0110, 0x0120, 0x0000], statuses);
    }

    [Fact]
    public async Task Ups_TheWorkflowAlone_ServesPushPullAndWatch_OverARealAssociation()
    {
        var store = new InMemoryInstanceStore();
        await using var outbox = new ReportOutbox(store.Outbox, new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity("WATCHER", "127.0.0.1", 1)));
        var ups = new UnifiedProcedureStepWorkflow(store, outbox);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "UPS", Port = 0 }, ups).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("UPS", "127.0.0.1", server.Port),
            [new PresentationContextRequest(SopClass.UnifiedProcedureStepPush), new PresentationContextRequest(SopClass.UnifiedProcedureStepPull),
             new PresentationContextRequest(SopClass.UnifiedProcedureStepWatch)]);
        const string Push = SopClass.UnifiedProcedureStepPush;

        var created = await association.SendAsync(new NCreateRequest(Push, "2.1", new DicomDataset()
            .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
            .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "HIGH").Set(DicomTag.ProcedureStepLabel, "CT head")));
        var subscribed = await association.SendAsync(new NActionRequest(Push, "2.1", 3,
            new DicomDataset().Set(DicomTag.ReceivingAE, "WATCHER").Set(DicomTag.DeletionLock, "FALSE")) { ContextSopClassUid = SopClass.UnifiedProcedureStepWatch });
        var claimed = await association.SendAsync(new NActionRequest(Push, "2.1", 1,
            new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.TransactionUID, "9.9")) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull });
        var subscribeOnPull = await association.SendAsync(new NActionRequest(Push, "2.1", 3,
            new DicomDataset().Set(DicomTag.ReceivingAE, "WATCHER").Set(DicomTag.DeletionLock, "FALSE")) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull });
        var read = await association.SendAsync(new NGetRequest(Push, "2.1", []) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull });
        var found = new List<string>();
        await foreach (var match in association.FindAsync(SopClass.UnifiedProcedureStepPull,
            new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.ProcedureStepLabel, Array.Empty<string>())))
        {
            found.Add(match.GetString(DicomTag.ProcedureStepLabel));
        }

        Assert.Equal([0x0000, 0x0000, 0x0000, 0x0123], new[] { created.Status.Code, subscribed.Status.Code, claimed.Status.Code, subscribeOnPull.Status.Code });
        Assert.Equal("IN PROGRESS", read.Dataset!.GetString(DicomTag.ProcedureStepState));
        Assert.False(read.Dataset.Contains(DicomTag.TransactionUID)); // the lock is never returned (PS3.4 CC.2.7.3)
        Assert.Equal(["CT head"], found);
        Assert.Equal(2, (await store.Outbox.PendingAsync()).Count); // the initial State Report and IN PROGRESS, for WATCHER
        await association.ReleaseAsync();
    }
}
