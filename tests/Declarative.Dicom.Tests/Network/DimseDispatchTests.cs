using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Every request gets a response, with the status the contract says, over a real loopback association.</summary>
public class DimseDispatchTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private const string Instance = "1.2.840.10008.1.20.1.1";
    private const string UpsPush = "1.2.840.10008.5.1.4.34.6.1";
    private const string UpsEvent = "1.2.840.10008.5.1.4.34.6.4";

    private static async Task<(DicomServer Server, ScriptedPeer Peer)> AssociateAsync(TestHandler handler, params PresentationContextProposal[] contexts)
    {
        var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0 }, handler).Start();
        var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(ScriptedPeer.AssociateRequest("US", contexts));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());
        return (server, peer);
    }

    private static DimseCommand EventReport(string sopClass, ushort eventType = 1) => new()
    {
        CommandField = DimseCommandField.NEventReportRequest,
        MessageId = 7,
        AffectedSopClassUid = sopClass,
        AffectedSopInstanceUid = Instance,
        EventTypeId = eventType,
    };

    [Fact]
    public async Task HandlerThrows_PeerGets0110WithErrorComment()
    {
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment)], _ => throw new InvalidOperationException("database is down"));
        var (server, peer) = await AssociateAsync(handler, new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"]));
        await using (server)
        await using (peer)
        {
            await peer.SendMessageAsync(1, EventReport(StorageCommitment));
            var (response, _) = await peer.ReceiveMessageAsync();

            Assert.Equal(DimseCommandField.NEventReportResponse, response.CommandField);
            Assert.Equal((ushort)7, response.MessageIdBeingRespondedTo);
            Assert.Equal((ushort)0x0110, response.Status);
            Assert.Equal("InvalidOperationException: database is down", response.ErrorComment);
            Assert.Equal((ushort)1, response.EventTypeId);
        }
    }

    [Fact]
    public async Task SopClassNotServed_OnAnAcceptedContext_Gets0118ForNAnd0122ForC()
    {
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment)]);
        var (server, peer) = await AssociateAsync(handler, new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"]));
        await using (server)
        await using (peer)
        {
            await peer.SendMessageAsync(1, EventReport("1.2.840.10008.5.1.1.40"));
            var (normalized, _) = await peer.ReceiveMessageAsync();
            await peer.SendMessageAsync(1, new DimseCommand { CommandField = DimseCommandField.CEchoRequest, MessageId = 8, AffectedSopClassUid = "1.2.840.10008.1.1" });
            var (composite, _) = await peer.ReceiveMessageAsync();

            Assert.Equal((ushort)0x0118, normalized.Status);
            Assert.Equal((ushort)0x0122, composite.Status);
            Assert.Empty(handler.Requests);
        }
    }

    [Fact]
    public async Task UpsEventWithUpsPushAsAffectedClass_IsServedOnTheUpsEventContext()
    {
        var handler = new TestHandler([new PresentationContextPolicy(UpsEvent) { AlsoServes = [UpsPush], RequestorMayBeScp = true }]);
        var request = ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, UpsEvent, ["1.2.840.10008.1.2"]));
        request = request with { UserInformation = request.UserInformation with { RoleSelections = [new RoleSelection(UpsEvent, false, true)] } };
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0 }, handler).Start();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(request);
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        await peer.SendMessageAsync(1, EventReport(UpsPush, 5), new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS"));
        var (response, _) = await peer.ReceiveMessageAsync();

        Assert.Equal((ushort)0x0000, response.Status);
        var report = Assert.IsType<NEventReportRequest>(Assert.Single(handler.Requests));
        Assert.Equal(UpsPush, report.SopClassUid);
        Assert.Equal(UpsEvent, report.PresentationContext!.AbstractSyntax);
    }

    [Fact]
    public async Task ReplyWithFailureStatus_IsSentWithoutTheDataset()
    {
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment)],
            _ => new DimseResponse(DimseStatus.NoSuchSopInstance, new DicomDataset().Set(DicomTag.TransactionUID, "1.2")));
        var (server, peer) = await AssociateAsync(handler, new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"]));
        await using (server)
        await using (peer)
        {
            await peer.SendMessageAsync(1, EventReport(StorageCommitment));
            var (response, dataset) = await peer.ReceiveMessageAsync();

            Assert.Equal((ushort)0x0112, response.Status);
            Assert.False(response.HasDataset);
            Assert.Null(dataset);
        }
    }

    [Fact]
    public async Task MalformedEventInformation_SurfacesWhenTheHandlerReadsIt_As0110()
    {
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment)],
            request => new DimseResponse(((NEventReportRequest)request).EventInformation!.GetString(DicomTag.TransactionUID).Length > 0 ? DimseStatus.Success : DimseStatus.ProcessingFailure));
        var (server, peer) = await AssociateAsync(handler, new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"]));
        await using (server)
        await using (peer)
        {
            var command = EventReport(StorageCommitment);
            command.HasDataset = true;
            var commandBytes = new ByteBuffer();
            DimseCommandCodec.Encode(commandBytes, command);
            byte[] broken = [0x08, 0x00, 0x95, 0x11, 0xFF, 0x00, 0x00, 0x00, (byte)'1'];
            await peer.WritePduAsync(new PDataTfPdu([new PresentationDataValue(1, true, true, commandBytes.ToArray()), new PresentationDataValue(1, false, true, broken)]));
            var (response, _) = await peer.ReceiveMessageAsync();

            Assert.Equal((ushort)0x0110, response.Status);
            Assert.StartsWith("DicomDecodeException: Malformed dataset at byte offset 0", response.ErrorComment);
        }
    }

    [Fact]
    public async Task RequestorWaitingForNAction_ServesTheEventReportThatArrivesFirst()
    {
        var (port, accepted) = ScriptedPeer.Listen();
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment)]);
        var connecting = DicomClient.ConnectAsync(new RemoteApplicationEntity("PACS", "127.0.0.1", port),
            [new PresentationContextRequest(StorageCommitment)], new DicomClientOptions { AETitle = "MODALITY" }, handler);
        await using var pacs = await accepted;
        var associate = Assert.IsType<AssociateRequestPdu>(await pacs.ReadPduAsync());
        Assert.Empty(associate.UserInformation.RoleSelections); // default roles: no role item on the wire
        await pacs.WritePduAsync(ScriptedPeer.AssociateAccept(associate));
        await using var association = await connecting;

        var sending = association.SendAsync(new NActionRequest(StorageCommitment, Instance, 1, new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3")));
        var (action, _) = await pacs.ReceiveMessageAsync();
        await pacs.SendMessageAsync(1, EventReport(StorageCommitment, 1), new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3"));
        var (reportResponse, _) = await pacs.ReceiveMessageAsync();
        await pacs.SendMessageAsync(1, new DimseCommand
        {
            CommandField = DimseCommandField.NActionResponse,
            MessageIdBeingRespondedTo = action.MessageId,
            AffectedSopClassUid = StorageCommitment,
            Status = 0,
        });
        var actionResponse = await sending;
        var releasing = association.ReleaseAsync();
        Assert.IsType<ReleaseRequestPdu>(await pacs.ReadPduAsync());
        await pacs.WritePduAsync(new ReleaseResponsePdu());
        await releasing;

        Assert.Equal((ushort)0x0000, reportResponse.Status);
        Assert.Equal(DimseStatus.Success, actionResponse.Status);
        Assert.Null(actionResponse.Command!.ActionTypeId); // absent optional field: tolerated, not an error
        var report = Assert.IsType<NEventReportRequest>(Assert.Single(handler.Requests));
        Assert.Equal("1.2.3", report.EventInformation!.GetString(DicomTag.TransactionUID));
    }

    [Fact]
    public async Task RequestorAskingForTheScpRole_SendsOneRoleItem()
    {
        var (port, accepted) = ScriptedPeer.Listen();
        var connecting = DicomClient.ConnectAsync(new RemoteApplicationEntity("PACS", "127.0.0.1", port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }, new PresentationContextRequest("1.2.840.10008.1.1")]);
        await using var pacs = await accepted;

        var associate = Assert.IsType<AssociateRequestPdu>(await pacs.ReadPduAsync());
        await pacs.WritePduAsync(new AssociateRejectPdu(RejectResult.Transient, RejectSource.ServiceUser, 1));

        Assert.Equal(new RoleSelection(StorageCommitment, false, true), Assert.Single(associate.UserInformation.RoleSelections));
        var rejected = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => connecting);
        Assert.Equal(RejectResult.Transient, rejected.Result);
    }
}
