using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Services;

/// <summary>
/// The ownership rule's way out: what a handler receives is lent for the call, and Keep() makes a copy that shares
/// nothing with it (requests, datasets down to nested items, typed accessors).
/// </summary>
public class KeepTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    private static DicomDataset Report() => new DicomDataset()
        .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192")
        .Set(DicomTag.TransactionUID, "1.2.3.4")
        .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset()
            .Set(DicomTag.ReferencedSOPClassUID, CtImageStorage)
            .Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.4.1"));

    [Fact]
    public void KeptDataset_HasTheSameContent_AndSharesNothingWithTheOriginal()
    {
        var original = Report().Set(DicomTag.PatientName, "Müller^Jürgen");

        var kept = original.Keep();
        original.Set(DicomTag.TransactionUID, "9.9.9");
        original.GetSequence(DicomTag.ReferencedSOPSequence)[0].Set(DicomTag.ReferencedSOPInstanceUID, "9.9.9.1");

        Assert.Equal("1.2.3.4", kept.GetString(DicomTag.TransactionUID));
        Assert.Equal("1.2.3.4.1", kept.GetSequence(DicomTag.ReferencedSOPSequence)[0].GetString(DicomTag.ReferencedSOPInstanceUID));
        Assert.Equal("Müller^Jürgen", kept.GetString(DicomTag.PatientName));
    }

    [Fact]
    public async Task KeptRequest_IsOfItsOwnType_WithTheSameFields_TheAssociation_AndItsOwnDataset()
    {
        var kept = new TaskCompletionSource<(NEventReportRequest Received, NEventReportRequest Kept)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new Network.TestHandler([new PresentationContextPolicy("1.2.840.10008.1.20.1") { RequestorMayBeScp = true }], request =>
        {
            var report = (NEventReportRequest)request;
            kept.TrySetResult((report, report.Keep()));
            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "KEEPER", Port = 0 }, handler).Start();
        await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("KEEPER", "127.0.0.1", server.Port),
            [new PresentationContextRequest("1.2.840.10008.1.20.1") { ScuRole = false, ScpRole = true }], new DicomClientOptions { AETitle = "SENDER" }))
        {
            await association.SendAsync(new NEventReportRequest("1.2.840.10008.1.20.1", "1.2.840.10008.1.20.1.1", 1, Report()));
            await association.ReleaseAsync();
        }

        var (received, copy) = await kept.Task;
        Assert.NotSame(received, copy);
        Assert.Equal((received.SopClassUid, received.SopInstanceUid, received.EventTypeId, received.MessageId), (copy.SopClassUid, copy.SopInstanceUid, copy.EventTypeId, copy.MessageId));
        Assert.Equal("SENDER", copy.Association!.CallingAETitle);
        Assert.Same(received.PresentationContext, copy.PresentationContext);
        Assert.NotSame(received.EventInformation, copy.EventInformation);
        Assert.Equal("1.2.3.4.1", copy.EventInformation!.GetSequence(DicomTag.ReferencedSOPSequence)[0].GetString(DicomTag.ReferencedSOPInstanceUID));
    }

    [Fact]
    public async Task TestHost_TakesBackWhatItLent_SoAHandlerThatKeptADatasetWithoutKeep_FailsInTheTest()
    {
        DicomDataset? lent = null;
        DicomDataset? kept = null;
        var handler = new Network.TestHandler([new PresentationContextPolicy("1.2.840.10008.1.20.1") { RequestorMayBeScp = true }], request =>
        {
            lent = request.Dataset;         // what DCM1007 reports
            kept = request.Dataset!.Keep(); // what it asks for
            return new DimseResponse(DimseStatus.Success);
        });
        var host = new Declarative.Dicom.Testing.DicomTestHost(handler);

        await host.SendAsync(new NEventReportRequest("1.2.840.10008.1.20.1", "1.2.840.10008.1.20.1.1", 1, Report()));

        var ex = Assert.Throws<InvalidOperationException>(() => lent!.Find(DicomTag.TransactionUID));
        Assert.Contains("Keep()", ex.Message);
        Assert.Equal("1.2.3.4", kept!.GetString(DicomTag.TransactionUID));
    }

    [Fact]
    public void KeptAccessor_ReadsTheSameValues_OverItsOwnDataset()
    {
        var report = new StorageCommitmentSuccessful(Report());

        var kept = report.Keep();
        var item = report.ReferencedSOPSequence[0].Keep();

        Assert.NotSame(report.Dataset, kept.Dataset);
        Assert.Equal("1.2.3.4", kept.TransactionUID);
        Assert.Equal("1.2.3.4.1", kept.ReferencedSOPSequence[0].ReferencedSOPInstanceUID);
        Assert.Equal("1.2.3.4.1", item.ReferencedSOPInstanceUID);
    }

    [Fact]
    public void KeptCStore_OfADatasetInMemory_IsACStoreWithItsOwnDataset()
    {
        var dataset = new DicomDataset().Set(DicomTag.SOPClassUID, CtImageStorage).Set(DicomTag.SOPInstanceUID, "1.2.3.5").Set(DicomTag.PatientID, "P1");
        var request = new CStoreRequest(dataset, priority: 1) { MoveOriginatorAETitle = "MOVER", MoveOriginatorMessageId = 7 };

        var kept = request.Keep();

        Assert.Equal(("1.2.3.5", (ushort)1, "MOVER", (ushort?)7), (kept.SopInstanceUid, kept.Priority, kept.MoveOriginatorAETitle, kept.MoveOriginatorMessageId));
        Assert.NotSame(request.Dataset, kept.Dataset);
        Assert.Equal("P1", kept.Dataset.GetString(DicomTag.PatientID));
    }
}
