using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using StorageCommitmentSample;

namespace ModalitySample;

/// <summary>Where the modality's partners are: the worklist (RIS), the MPPS SCP, the archive that stores and commits, and our own listener.</summary>
public sealed record Department(RemoteApplicationEntity Ris, RemoteApplicationEntity Mpps, RemoteApplicationEntity Pacs);

/// <summary>
/// IHE Scheduled Workflow as the acquisition modality performs it (RAD-5, RAD-6, RAD-8, RAD-7, RAD-10): query the worklist
/// for today's steps of this station, start the first with an MPPS N-CREATE IN PROGRESS, acquire and store its images,
/// complete the MPPS with the series it produced, ask the archive to commit them and wait for its report.
/// </summary>
public sealed class ScheduledWorkflow(string stationAETitle, string modality, CommitmentListener listener, TextWriter output)
{
    public async Task<bool> RunAsync(Department department, int images, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // 1. Modality Worklist (RAD-5): this station's steps for today.
        var item = await FirstScheduledStepAsync(department.Ris, cancellationToken);
        if (item is null)
        {
            output.WriteLine($"No step is scheduled today for {stationAETitle} ({modality}).");
            return false;
        }

        var step = item.GetSequence(DicomTag.ScheduledProcedureStepSequence)[0];
        var patient = item.GetString(DicomTag.PatientName);
        var study = item.GetString(DicomTag.StudyInstanceUID);
        output.WriteLine($"Worklist: {patient} ({item.GetString(DicomTag.PatientID)}), accession {item.GetStringOrDefault(DicomTag.AccessionNumber)}, " +
            $"step {step.GetStringOrDefault(DicomTag.ScheduledProcedureStepID)} at {step.GetStringOrDefault(DicomTag.ScheduledProcedureStepStartTime)}");

        // 2. MPPS IN PROGRESS (RAD-6), then the acquisition.
        var mpps = DicomUid.Generate();
        var started = DateTime.Now;
        var series = DicomUid.Generate();
        var acquired = Acquire(item, series, images);
        await using (var association = await DicomClient.ConnectAsync(department.Mpps, [new PresentationContextRequest(SopClass.ModalityPerformedProcedureStep)],
            new DicomClientOptions { AETitle = stationAETitle }, cancellationToken: cancellationToken))
        {
            var created = await association.SendAsync(InProgress(item, step, started).ToRequest(mpps), cancellationToken);
            output.WriteLine($"MPPS {mpps}: N-CREATE IN PROGRESS → {created}");
            Expect(created, "the MPPS N-CREATE");

            // 3. Storage (RAD-8).
            await StoreAsync(department.Pacs, acquired, cancellationToken);

            // 4. MPPS COMPLETED (RAD-7) with the series it produced.
            var completed = await association.SendAsync(Completed(series, acquired).ToRequest(mpps), cancellationToken);
            output.WriteLine($"MPPS {mpps}: N-SET COMPLETED → {completed}");
            Expect(completed, "the MPPS N-SET");
            await association.ReleaseAsync(cancellationToken);
        }

        // 5. Storage commitment (RAD-10): the report arrives on the association or on a new one to our listener.
        var references = acquired.Select(d => (d.GetString(DicomTag.SOPClassUID), d.GetString(DicomTag.SOPInstanceUID))).ToList();
        var report = await new Modality(stationAETitle, listener, output).CommitAsync(department.Pacs, [], references, timeout, cancellationToken);
        if (report is null)
        {
            output.WriteLine($"No storage commitment report within {timeout.TotalSeconds:0} s.");
            return false;
        }

        output.WriteLine(report);
        output.WriteLine(report.FullyCommitted
            ? $"Scheduled workflow complete: {patient}, study {study}, {images} image(s) stored, performed and committed."
            : "Scheduled workflow ended with instances the archive did not commit.");
        return report.FullyCommitted;
    }

    private async Task<DicomDataset?> FirstScheduledStepAsync(RemoteApplicationEntity ris, CancellationToken cancellationToken)
    {
        // Today's steps of this station, every key the workflow uses asked for (Any: returned whatever its value).
        var query = ModalityWorklistQuery.Create(
            accessionNumber: TextMatch.Any, patientName: TextMatch.Any, patientID: TextMatch.Any, patientBirthDate: DateMatch.Any, patientSex: TextMatch.Any,
            studyInstanceUID: UidMatch.Any, requestedProcedureID: TextMatch.Any, requestedProcedureDescription: TextMatch.Any,
            scheduledProcedureStepSequence: ModalityWorklistQuery.ScheduledProcedureStepSequenceItem.Create(
                scheduledStationAETitle: stationAETitle, modality: modality, scheduledProcedureStepStartDate: DateOnly.FromDateTime(DateTime.Today),
                scheduledProcedureStepStartTime: TimeMatch.Any, scheduledProcedureStepID: TextMatch.Any, scheduledProcedureStepDescription: TextMatch.Any));
        await using var association = await DicomClient.ConnectAsync(ris, [new PresentationContextRequest(SopClass.FINDModalityWorklistInformationModel)],
            new DicomClientOptions { AETitle = stationAETitle }, cancellationToken: cancellationToken);
        DicomDataset? first = null;
        var count = 0;
        await foreach (var match in association.FindAsync(query, cancellationToken))
        {
            count++;
            first ??= match;
        }

        output.WriteLine($"Worklist {ris}: {count} step(s) scheduled today for {stationAETitle}.");
        await association.ReleaseAsync(cancellationToken);
        return first;
    }

    private static PerformedProcedureStepCreate InProgress(DicomDataset item, DicomDataset step, DateTime started) =>
        PerformedProcedureStepCreate.Create(
            [PerformedProcedureStepCreate.ScheduledStepAttributesSequenceItem.Create(item.GetString(DicomTag.StudyInstanceUID),
                accessionNumber: item.GetStringOrDefault(DicomTag.AccessionNumber),
                requestedProcedureID: item.GetStringOrDefault(DicomTag.RequestedProcedureID),
                scheduledProcedureStepID: step.GetStringOrDefault(DicomTag.ScheduledProcedureStepID),
                scheduledProcedureStepDescription: step.GetStringOrDefault(DicomTag.ScheduledProcedureStepDescription))],
            performedProcedureStepID: "PPS-" + started.ToString("HHmmss"),
            performedStationAETitle: step.GetString(DicomTag.ScheduledStationAETitle),
            performedProcedureStepStartDate: DateOnly.FromDateTime(started),
            performedProcedureStepStartTime: TimeOnly.FromDateTime(started),
            performedProcedureStepStatus: "IN PROGRESS",
            modality: step.GetString(DicomTag.Modality),
            patientName: item.GetStringOrDefault(DicomTag.PatientName),
            patientID: item.GetStringOrDefault(DicomTag.PatientID),
            patientBirthDate: item.TryGetValue<DateOnly>(DicomTag.PatientBirthDate, out var birth) ? birth : null,
            patientSex: item.GetStringOrDefault(DicomTag.PatientSex));

    private static PerformedProcedureStepSet Completed(string series, IReadOnlyList<DicomDataset> images)
    {
        var finished = DateTime.Now;
        return PerformedProcedureStepSet.Create(
            performedProcedureStepStatus: "COMPLETED",
            performedProcedureStepEndDate: DateOnly.FromDateTime(finished),
            performedProcedureStepEndTime: TimeOnly.FromDateTime(finished),
            performedSeriesSequence:
            [
                PerformedProcedureStepSet.PerformedSeriesSequenceItem.Create(protocolName: "Scheduled acquisition", seriesInstanceUID: series,
                    referencedImageSequence: images.Select(i => PerformedProcedureStepSet.PerformedSeriesSequenceItem.ReferencedImageSequenceItem.Create(
                        i.GetString(DicomTag.SOPClassUID), i.GetString(DicomTag.SOPInstanceUID)))),
            ]);
    }

    /// <summary>The images of the step: its patient and study, one series, the SOP class of a CT.</summary>
    private static List<DicomDataset> Acquire(DicomDataset item, string series, int count)
    {
        var images = SampleInstances.Create(count);
        foreach (var image in images)
        {
            image.Set(DicomTag.StudyInstanceUID, item.GetString(DicomTag.StudyInstanceUID))
                .Set(DicomTag.SeriesInstanceUID, series)
                .Set(DicomTag.PatientName, item.GetString(DicomTag.PatientName))
                .Set(DicomTag.PatientID, item.GetString(DicomTag.PatientID));
            if (item.GetStringOrDefault(DicomTag.AccessionNumber) is { Length: > 0 } accession)
            {
                image.Set(DicomTag.AccessionNumber, accession);
            }
        }

        return images.ToList();
    }

    private async Task StoreAsync(RemoteApplicationEntity pacs, IReadOnlyList<DicomDataset> images, CancellationToken cancellationToken)
    {
        await using var association = await DicomClient.ConnectAsync(pacs, [new PresentationContextRequest(SopClass.CTImageStorage)],
            new DicomClientOptions { AETitle = stationAETitle }, cancellationToken: cancellationToken);
        foreach (var image in images)
        {
            var stored = await association.SendAsync(new CStoreRequest(image), cancellationToken);
            output.WriteLine($"C-STORE {image.GetString(DicomTag.SOPInstanceUID)} → {stored}");
            Expect(stored, "a C-STORE");
        }

        await association.ReleaseAsync(cancellationToken);
    }

    private static void Expect(DimseResponse response, string what)
    {
        if (response.Status.Category is DimseStatusCategory.Failure or DimseStatusCategory.Cancel)
        {
            throw new InvalidOperationException($"{what} was refused: {response}");
        }
    }
}
