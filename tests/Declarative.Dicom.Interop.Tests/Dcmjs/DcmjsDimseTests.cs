using System.Text.Json.Nodes;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Dcmjs;

/// <summary>N-EVENT-REPORT and N-ACTION with dcmjs-dimse 0.3.3, both directions, with storage commitment datasets holding sequences.</summary>
public class DcmjsDimseTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private const string StorageCommitmentInstance = "1.2.840.10008.1.20.1.1";
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    internal static object CommitmentReport(bool withFailures) => new Dictionary<string, object>
    {
        ["TransactionUID"] = "1.2.826.0.1.3680043.2.1125.77",
        ["ReferencedSOPSequence"] = new[]
        {
            new Dictionary<string, object> { ["ReferencedSOPClassUID"] = CtImageStorage, ["ReferencedSOPInstanceUID"] = "1.2.3.1" },
            new Dictionary<string, object> { ["ReferencedSOPClassUID"] = CtImageStorage, ["ReferencedSOPInstanceUID"] = "1.2.3.2" },
        },
        ["FailedSOPSequence"] = withFailures
            ? new[] { new Dictionary<string, object> { ["ReferencedSOPClassUID"] = CtImageStorage, ["ReferencedSOPInstanceUID"] = "1.2.3.9", ["FailureReason"] = 0x0112 } }
            : Array.Empty<object>(),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DcmjsSendsEventReports_ToOurAcceptor(bool proposeScpRole)
    {
        using var temp = new TempDirectory();
        var handler = new RecordingHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }]);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCU", Port = 0 }, handler).Start();

        var lines = DcmjsPeer.RunScu(server.Port, "DCMJS", "OURSCU", new object[]
        {
            new { type = "N-EVENT-REPORT", sopClass = StorageCommitment, sopInstance = StorageCommitmentInstance, typeId = 1, dataset = CommitmentReport(false), scpRole = proposeScpRole },
            new { type = "N-EVENT-REPORT", sopClass = StorageCommitment, sopInstance = StorageCommitmentInstance, typeId = 2, dataset = CommitmentReport(true), scpRole = proposeScpRole },
        }, temp);

        var responses = lines.Where(l => l.ContainsKey("status")).ToList();
        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(0, (int)r["status"]!));
        Assert.Equal([1, 2], responses.Select(r => (int)r["typeId"]!));
        var reports = handler.Requests.Cast<NEventReportRequest>().ToList();
        Assert.Equal([(ushort)1, (ushort)2], reports.Select(r => r.EventTypeId));
        Assert.Equal(StorageCommitmentInstance, reports[1].SopInstanceUid);
        var failed = reports[1].EventInformation!.GetSequence(DicomTag.FailedSOPSequence);
        Assert.Equal((ushort)0x0112, failed[0].GetValue<ushort>(DicomTag.FailureReason));
        Assert.Equal("1.2.3.2", reports[1].EventInformation!.GetSequence(DicomTag.ReferencedSOPSequence)[1].GetString(DicomTag.ReferencedSOPInstanceUID));
        Assert.Equal("1.2.826.0.1.3680043.2.1125.77", reports[0].EventInformation!.GetString(DicomTag.TransactionUID));
    }

    [Fact]
    public async Task DcmjsSendsNAction_ToOurAcceptor_AndReceivesOurStatus()
    {
        using var temp = new TempDirectory();
        var handler = new RecordingHandler([new PresentationContextPolicy(StorageCommitment)], _ => new DimseResponse(DimseStatus.NoSuchSopInstance));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, handler).Start();

        var lines = DcmjsPeer.RunScu(server.Port, "DCMJS", "OURSCP", new object[]
        {
            new { type = "N-ACTION", sopClass = StorageCommitment, sopInstance = StorageCommitmentInstance, typeId = 1, dataset = CommitmentReport(false) },
        }, temp);

        var response = Assert.Single(lines, l => l.ContainsKey("status"));
        Assert.Equal(0x0112, (int)response["status"]!);
        Assert.Equal(1, (int)response["typeId"]!);
        var action = Assert.IsType<NActionRequest>(Assert.Single(handler.Requests));
        Assert.Equal((ushort)1, action.ActionTypeId);
        Assert.Equal(2, action.ActionInformation!.GetSequence(DicomTag.ReferencedSOPSequence).Count);
    }

    [Fact]
    public async Task OurRequestor_SendsEventReportAndNAction_ToDcmjs()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        using var scp = await DcmjsPeer.StartScpAsync(port, new { abstractSyntaxes = new[] { StorageCommitment }, status = 0 }, temp);
        var report = new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3.77");
        report.SetSequence(DicomTag.FailedSOPSequence, new DicomDataset()
            .Set(DicomTag.ReferencedSOPClassUID, CtImageStorage)
            .Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.9")
            .Set<ushort>(DicomTag.FailureReason, 0x0112));

        await using (var association = await DicomClient.ConnectAsync(
            new RemoteApplicationEntity("DCMJS", "127.0.0.1", port),
            [new PresentationContextRequest(StorageCommitment) { ScpRole = true }],
            new DicomClientOptions { AETitle = "OURSCP" }))
        {
            var eventResponse = await association.SendAsync(new NEventReportRequest(StorageCommitment, StorageCommitmentInstance, 2, report));
            var actionResponse = await association.SendAsync(new NActionRequest(StorageCommitment, StorageCommitmentInstance, 1, report));
            Assert.Equal(DimseStatus.Success, eventResponse.Status);
            Assert.Equal((ushort)2, eventResponse.Command!.EventTypeId);
            Assert.Equal(DimseStatus.Success, actionResponse.Status);
            await association.ReleaseAsync();
        }

        await WaitForAsync(() => DcmjsPeer.ParseLines(scp.Output).Count(l => l.ContainsKey("type")) >= 2);
        var received = DcmjsPeer.ParseLines(scp.Output).Where(l => l.ContainsKey("type")).ToList();
        Assert.Equal("N-EVENT-REPORT", (string)received[0]["type"]!);
        Assert.Equal(2, (int)received[0]["typeId"]!);
        Assert.Equal("OURSCP", (string)received[0]["callingAe"]!);
        var failed = received[0]["dataset"]!["FailedSOPSequence"]!.AsArray();
        Assert.Equal(0x0112, (int)failed[0]!["FailureReason"]!);
        Assert.Equal("N-ACTION", (string)received[1]["type"]!);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
