using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;

namespace UpsPerformerSample;

/// <summary>
/// The performer, with the typed sending side: it creates a workitem (as a scheduler would), claims it with a Transaction UID
/// of its own, reports progress, records what was performed and completes it. Every request names UPS Push and goes on the
/// context PS3.4 gives it (the generated ToRequest of each action says which).
/// </summary>
public sealed class Performer(RemoteApplicationEntity scp, string aeTitle, TextWriter log)
{
    public async Task<string> RunAsync(string receivingAE, CancellationToken cancellationToken)
    {
        await using var association = await DicomClient.ConnectAsync(scp,
            [new PresentationContextRequest(SopClass.UnifiedProcedureStepPush), new PresentationContextRequest(SopClass.UnifiedProcedureStepPull),
             new PresentationContextRequest(SopClass.UnifiedProcedureStepWatch)],
            new DicomClientOptions { AETitle = aeTitle }, cancellationToken: cancellationToken);
        await ExpectAsync(association, "subscribe to every workitem",
            UpsSubscribe.Create(receivingAE, "FALSE").ToRequest(WellKnownSopInstance.UPSGlobalSubscription), cancellationToken);

        var created = await ExpectAsync(association, "create",
            UpsCreate.Create("SCHEDULED", DateTimeOffset.Now, "READY", "MEDIUM", "CT head, contrast").ToRequest(), cancellationToken);
        var workitem = created.AffectedSopInstanceUid ?? throw new InvalidOperationException("the SCP did not say which UID it gave the workitem");
        var transaction = DicomUid.Generate();
        await ExpectAsync(association, "claim", UpsChangeState.Create("IN PROGRESS", transaction).ToRequest(workitem), cancellationToken);
        await ExpectAsync(association, "report progress", Set(workitem, transaction, new DicomDataset()
            .SetSequence(DicomTag.ProcedureStepProgressInformationSequence, new DicomDataset().Set(DicomTag.ProcedureStepProgress, "50"))), cancellationToken);
        await ExpectAsync(association, "record what was performed", Set(workitem, transaction, Performed()), cancellationToken);
        await ExpectAsync(association, "complete", UpsChangeState.Create("COMPLETED", transaction).ToRequest(workitem), cancellationToken);
        await association.ReleaseAsync(cancellationToken);
        return workitem;
    }

    private async Task<DimseResponse> ExpectAsync(DicomAssociation association, string what, DimseRequest request, CancellationToken cancellationToken)
    {
        var response = await association.SendAsync(request, cancellationToken);
        log.WriteLine($"performer: {what}: 0x{response.Status.Code:X4}{(response.ErrorComment is { } comment ? $" ({comment})" : string.Empty)}");
        return response.Status.AllowsReplyDataset ? response : throw new InvalidOperationException($"{what} was refused with {response.Status}");
    }

    /// <summary>An N-SET of an IN PROGRESS workitem carries its Transaction UID (PS3.4 CC.2.6.3).</summary>
    private static NSetRequest Set(string workitem, string transaction, DicomDataset changes) =>
        new(SopClass.UnifiedProcedureStepPush, workitem, changes.Set(DicomTag.TransactionUID, transaction)) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull };

    /// <summary>The final-state attributes COMPLETED requires (Table CC.2.5-3).</summary>
    private static DicomDataset Performed() =>
        new DicomDataset().SetSequence(DicomTag.UnifiedProcedureStepPerformedProcedureSequence, new DicomDataset()
            .Set(DicomTag.PerformedProcedureStepStartDateTime, Now()).Set(DicomTag.PerformedProcedureStepEndDateTime, Now())
            .SetSequence(DicomTag.PerformedStationNameCodeSequence, Code("CT01", "CT scanner 1"))
            .SetSequence(DicomTag.PerformedWorkitemCodeSequence, Code("110005", "Interpretation")));

    private static DicomDataset Code(string value, string meaning) =>
        new DicomDataset().Set(DicomTag.CodeValue, value).Set(DicomTag.CodingSchemeDesignator, "DCM").Set(DicomTag.CodeMeaning, meaning);

    private static string Now() => DateTime.Now.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
