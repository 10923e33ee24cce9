using System.Collections.Concurrent;
using System.Net.Sockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.TestSupport;

/// <summary>
/// A modality's scripted workflow through the load balancer, one association per request (so consecutive requests land on
/// different nodes): store an image and ask for its commitment; create an MPPS step and complete it; create a UPS workitem,
/// claim it, record what was performed and complete it. Every answer is kept; a request that got none is counted as failed.
/// </summary>
public sealed class ModalityLoad(int port)
{
    private static readonly string Ct = SopClass.CTImageStorage;

    /// <summary>The load balancer's port.</summary>
    public int Port => port;

    public ConcurrentBag<string> AnsweredCommitments { get; } = [];

    /// <summary>Per MPPS step / UPS workitem: the states its answered requests set, in order; and those sent but not answered.</summary>
    public ConcurrentDictionary<string, (List<string> Answered, List<string> Unanswered)> Steps { get; } = new();

    public ConcurrentQueue<string> Failures { get; } = new();

    public async Task RunAsync(int iteration)
    {
        var image = DicomUid.Generate();
        if (await SendAsync(new CStoreRequest(new DicomDataset().Set(DicomTag.SOPClassUID, Ct).Set(DicomTag.SOPInstanceUID, image).Set(DicomTag.Modality, "CT"), Ct, image), Ct) is { IsSuccess: true })
        {
            var transaction = DicomUid.Generate();
            var request = new NActionRequest(SopClass.StorageCommitmentPushModel, WellKnownSopInstance.StorageCommitmentPushModel, 1, new DicomDataset()
                .Set(DicomTag.TransactionUID, transaction)
                .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset().Set(DicomTag.ReferencedSOPClassUID, Ct).Set(DicomTag.ReferencedSOPInstanceUID, image)));
            if (await SendAsync(request, SopClass.StorageCommitmentPushModel) is { IsSuccess: true })
            {
                AnsweredCommitments.Add(transaction);
            }
        }

        var step = DicomUid.Generate();
        if (await ChangeAsync(step, "IN PROGRESS", StepCreate(step, iteration), SopClass.ModalityPerformedProcedureStep))
        {
            await ChangeAsync(step, "COMPLETED", new NSetRequest(SopClass.ModalityPerformedProcedureStep, step, new DicomDataset()
                .Set(DicomTag.PerformedProcedureStepStatus, "COMPLETED").Set(DicomTag.PerformedProcedureStepEndDate, "20261203").Set(DicomTag.PerformedProcedureStepEndTime, "102000")),
                SopClass.ModalityPerformedProcedureStep);
        }

        var workitem = DicomUid.Generate();
        var claim = DicomUid.Generate();
        var created = await ChangeAsync(workitem, "SCHEDULED", new NCreateRequest(SopClass.UnifiedProcedureStepPush, workitem, new DicomDataset()
            .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
            .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "MEDIUM").Set(DicomTag.ProcedureStepLabel, $"CT {iteration}")),
            SopClass.UnifiedProcedureStepPush);
        if (created && await ChangeAsync(workitem, "IN PROGRESS", State(workitem, "IN PROGRESS", claim), SopClass.UnifiedProcedureStepPull)
            && await SendAsync(Performed(workitem, claim), SopClass.UnifiedProcedureStepPull) is { IsSuccess: true })
        {
            await ChangeAsync(workitem, "COMPLETED", State(workitem, "COMPLETED", claim), SopClass.UnifiedProcedureStepPull);
        }
    }

    /// <summary>An MPPS N-CREATE with everything PS3.4 F.7.2 asks for.</summary>
    public static NCreateRequest StepCreate(string step, int iteration) =>
        new(SopClass.ModalityPerformedProcedureStep, step, new DicomDataset()
            .SetSequence(DicomTag.ScheduledStepAttributesSequence, new DicomDataset().Set(DicomTag.StudyInstanceUID, DicomUid.Generate()).Set(DicomTag.AccessionNumber, $"A{iteration}"))
            .Set(DicomTag.Modality, "CT").Set(DicomTag.PerformedStationAETitle, "CT01").Set(DicomTag.PerformedProcedureStepStartDate, "20261203")
            .Set(DicomTag.PerformedProcedureStepStartTime, "101500").Set(DicomTag.PerformedProcedureStepID, $"PPS-{iteration}")
            .Set(DicomTag.PerformedProcedureStepStatus, "IN PROGRESS").Set(DicomTag.PatientID, "P1"));

    public Task<DimseStatus?> SubscribeGloballyAsync(string watcher) =>
        SendAsync(new NActionRequest(SopClass.UnifiedProcedureStepPush, WellKnownSopInstance.UPSGlobalSubscription, 3,
            new DicomDataset().Set(DicomTag.ReceivingAE, watcher).Set(DicomTag.DeletionLock, "FALSE")) { ContextSopClassUid = SopClass.UnifiedProcedureStepWatch },
            SopClass.UnifiedProcedureStepWatch);

    private static NActionRequest State(string workitem, string state, string transaction) =>
        new(SopClass.UnifiedProcedureStepPush, workitem, 1, new DicomDataset().Set(DicomTag.ProcedureStepState, state).Set(DicomTag.TransactionUID, transaction))
        {
            ContextSopClassUid = SopClass.UnifiedProcedureStepPull, // UPS requests name UPS Push on every context (PS3.4 CC.3.1)
        };

    private static NSetRequest Performed(string workitem, string transaction)
    {
        static DicomDataset Code(string value, string meaning) =>
            new DicomDataset().Set(DicomTag.CodeValue, value).Set(DicomTag.CodingSchemeDesignator, "99TEST").Set(DicomTag.CodeMeaning, meaning);
        return new NSetRequest(SopClass.UnifiedProcedureStepPush, workitem, new DicomDataset()
            .Set(DicomTag.TransactionUID, transaction)
            .SetSequence(DicomTag.UnifiedProcedureStepPerformedProcedureSequence, new DicomDataset()
                .Set(DicomTag.PerformedProcedureStepStartDateTime, "20261203101500").Set(DicomTag.PerformedProcedureStepEndDateTime, "20261203102000")
                .SetSequence(DicomTag.PerformedStationNameCodeSequence, Code("CT01", "CT scanner 1"))
                .SetSequence(DicomTag.PerformedWorkitemCodeSequence, Code("CTHEAD", "CT head"))))
        {
            ContextSopClassUid = SopClass.UnifiedProcedureStepPull,
        };
    }

    /// <summary>Sends a request that sets <paramref name="state"/>; true when it was answered with success.</summary>
    private async Task<bool> ChangeAsync(string instance, string state, DimseRequest request, string context)
    {
        var entry = Steps.GetOrAdd(instance, _ => ([], []));
        var status = await SendAsync(request, context);
        lock (entry.Answered)
        {
            (status is { IsSuccess: true } ? entry.Answered : entry.Unanswered).Add(state);
        }

        return status is { IsSuccess: true };
    }

    /// <summary>The status the node answered, or null when the request failed without an answer (which is recorded).</summary>
    public async Task<DimseStatus?> SendAsync(DimseRequest request, string context)
    {
        DimseStatus status;
        try
        {
            await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("NODE", "127.0.0.1", port), [new PresentationContextRequest(context)],
                new DicomClientOptions { AETitle = "MODALITY", AcseTimeout = TimeSpan.FromSeconds(10), DimseTimeout = TimeSpan.FromSeconds(15) });
            status = (await association.SendAsync(request)).Status;
            try
            {
                await association.ReleaseAsync();
            }
            catch (DicomAssociationException)
            {
                // Answered: a release that fails after the answer changes nothing.
            }
        }
        catch (Exception ex) when (ex is DicomAssociationException or IOException or SocketException or TimeoutException)
        {
            Failures.Enqueue($"{request.CommandField} {request.SopInstanceUid}: {ex.GetType().Name}: {ex.Message}");
            return null;
        }

        if (!status.IsSuccess)
        {
            Failures.Enqueue($"{request.CommandField} {request.SopInstanceUid}: answered {status}");
        }

        return status;
    }
}
