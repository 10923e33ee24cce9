using Declarative.Dicom.Data;

namespace Declarative.Dicom.State;

/// <summary>The UPS Event SOP Class's event types (PS3.4 Table CC.2.4-1) and their Event Information, built from a workitem.</summary>
internal static class UpsEvents
{
    public const ushort StateReport = 1;
    public const ushort CancelRequested = 2;
    public const ushort ProgressReport = 3;
    public const ushort ScpStatusChange = 4;
    public const ushort Assigned = 5;

    /// <summary>UPS State Report: the state and readiness, and for CANCELED the reason from the Progress Information.</summary>
    public static DicomDataset StateOf(DicomDataset workitem)
    {
        var information = new DicomDataset()
            .Set(DicomTag.ProcedureStepState, workitem.GetStringOrDefault(DicomTag.ProcedureStepState) ?? string.Empty)
            .Set(DicomTag.InputReadinessState, workitem.GetStringOrDefault(DicomTag.InputReadinessState) ?? string.Empty);
        if (workitem.GetStringOrDefault(DicomTag.ProcedureStepState) == UnifiedProcedureStepWorkflow.Canceled
            && workitem.GetSequenceOrDefault(DicomTag.ProcedureStepProgressInformationSequence) is { Count: > 0 } progress)
        {
            CopyIfPresent(progress[0], information, DicomTag.ReasonForCancellation, DicomTag.ProcedureStepDiscontinuationReasonCodeSequence);
        }

        return information;
    }

    /// <summary>UPS Cancel Requested: who asks, and the reason and contact the request gave.</summary>
    public static DicomDataset CancelRequestedBy(string requestingAE, DicomDataset request)
    {
        var information = new DicomDataset().Set(DicomTag.RequestingAE, requestingAE);
        CopyIfPresent(request, information, DicomTag.ReasonForCancellation, DicomTag.ProcedureStepDiscontinuationReasonCodeSequence,
            DicomTag.ContactURI, DicomTag.ContactDisplayName);
        return information;
    }

    /// <summary>UPS Progress Report: the Progress Information Sequence as it now is.</summary>
    public static DicomDataset ProgressOf(DicomDataset workitem)
    {
        var information = new DicomDataset();
        CopyIfPresent(workitem, information, DicomTag.ProcedureStepProgressInformationSequence);
        return information;
    }

    /// <summary>UPS Assigned: one report per scheduled human performer (its code and organization beside the station), or one for the station alone.</summary>
    public static IEnumerable<DicomDataset> AssignedOf(DicomDataset workitem)
    {
        var performers = workitem.GetSequenceOrDefault(DicomTag.ScheduledHumanPerformersSequence);
        if (performers is not { Count: > 0 })
        {
            var station = new DicomDataset();
            CopyIfPresent(workitem, station, DicomTag.ScheduledStationNameCodeSequence);
            yield return station;
            yield break;
        }

        for (var i = 0; i < performers.Count; i++)
        {
            var information = new DicomDataset();
            CopyIfPresent(workitem, information, DicomTag.ScheduledStationNameCodeSequence);
            CopyIfPresent(performers[i], information, DicomTag.HumanPerformerCodeSequence, DicomTag.HumanPerformerOrganization);
            yield return information;
        }
    }

    /// <summary>SCP Status Change: going down, or restarted with the subscriptions and workitems it kept (a warm start).</summary>
    public static DicomDataset ScpStatus(bool goingDown) =>
        new DicomDataset()
            .Set(DicomTag.SCPStatus, goingDown ? "GOING DOWN" : "RESTARTED")
            .Set(DicomTag.SubscriptionListStatus, "WARM START")
            .Set(DicomTag.UnifiedProcedureStepListStatus, "WARM START");

    private static void CopyIfPresent(DicomDataset from, DicomDataset to, params DicomTag[] tags)
    {
        foreach (var tag in tags)
        {
            if (from.Find(tag) is { } attribute)
            {
                to.Add(attribute);
            }
        }
    }
}
