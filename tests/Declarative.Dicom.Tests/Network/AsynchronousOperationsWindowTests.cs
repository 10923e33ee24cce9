using System.Collections.Concurrent;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// The asynchronous operations window (PS3.7 D.3.3.3): the item on the wire both ways, several of our requests
/// in flight at once with each response matched by Message ID, and an acceptor that still serves them in order.
/// </summary>
public class AsynchronousOperationsWindowTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string StorageCommitment = "1.2.840.10008.1.20.1";

    [Fact]
    public async Task Requestor_ProposesItsWindow_KeepsAsManyRequestsInFlightAsGranted_AndMatchesResponsesByMessageId()
    {
        var (port, accepted) = ScriptedPeer.Listen();
        var connecting = DicomClient.ConnectAsync(new RemoteApplicationEntity("PIPELINED", "127.0.0.1", port), [new PresentationContextRequest(Verification)],
            new DicomClientOptions { MaxOperationsInvoked = 4 });
        await using var peer = await accepted;
        var request = Assert.IsType<AssociateRequestPdu>(await peer.ReadPduAsync());
        Assert.Equal(((ushort)4, (ushort)1), request.UserInformation.AsynchronousOperationsWindow);
        // The acceptor lets us invoke 3 (less than the 4 proposed) and invokes 1 itself.
        var accept = ScriptedPeer.AssociateAccept(request);
        await peer.WritePduAsync(accept with { UserInformation = accept.UserInformation with { AsynchronousOperationsWindow = (1, 3) } });
        await using var association = await connecting;
        Assert.Equal(3, association.Info.MaxOperationsInvoked);
        Assert.Equal(1, association.Info.MaxOperationsPerformed);

        var echoes = Enumerable.Range(0, 4).Select(_ => new CEchoRequest()).ToList();
        var sending = echoes.Select(e => association.SendAsync(e).AsTask()).ToList();
        var received = new List<ushort>();
        for (var i = 0; i < 3; i++)
        {
            received.Add((await peer.ReceiveMessageAsync()).Command.MessageId!.Value);
        }

        await Task.Delay(300);
        Assert.Equal(3, echoes.Count(e => e.MessageId != 0)); // the fourth waits for room in the window
        received.Reverse(); // answered out of order: each response finds its own request
        foreach (var id in received)
        {
            await peer.SendMessageAsync(1, Response(id));
        }

        var fourth = (await peer.ReceiveMessageAsync()).Command.MessageId!.Value;
        await peer.SendMessageAsync(1, Response(fourth));
        var responses = await Task.WhenAll(sending);
        for (var i = 0; i < echoes.Count; i++)
        {
            Assert.Equal(0xA700 | echoes[i].MessageId, responses[i].Status.Code);
        }

        await association.AbortAsync(); // the scripted peer would not answer a release
    }

    /// <summary>A C-ECHO-RSP whose status names the request it answers, so a mismatch cannot pass.</summary>
    private static DimseCommand Response(ushort messageId) => new()
    {
        CommandField = DimseCommandField.CEchoResponse,
        AffectedSopClassUid = Verification,
        MessageIdBeingRespondedTo = messageId,
        Status = (ushort)(0xA700 | messageId),
    };

    [Theory]
    [InlineData((ushort)32, (ushort)1, (ushort)1, (ushort)16)] // asks more than the server performs: 16
    [InlineData((ushort)2, (ushort)0, (ushort)1, (ushort)2)]   // the server invokes one at a time whatever the requestor performs
    [InlineData((ushort)0, (ushort)1, (ushort)1, (ushort)16)]  // "no limit" is negotiated down
    public async Task Acceptor_AnswersAProposedWindow_WithinItsOwnLimits(ushort invoked, ushort performed, ushort answeredInvoked, ushort answeredPerformed)
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "WINDOWED", Port = 0 }, new TestHandler([new PresentationContextPolicy(Verification)])).Start();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        var request = ScriptedPeer.AssociateRequest("WINDOWED", new PresentationContextProposal(1, Verification, ["1.2.840.10008.1.2"]));

        await peer.WritePduAsync(request with { UserInformation = request.UserInformation with { AsynchronousOperationsWindow = (invoked, performed) } });

        var accept = Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());
        Assert.Equal((answeredInvoked, answeredPerformed), accept.UserInformation.AsynchronousOperationsWindow);
    }

    [Fact]
    public async Task Acceptor_AnswersNoWindow_WhenNoneWasProposed()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "WINDOWED", Port = 0 }, new TestHandler([new PresentationContextPolicy(Verification)])).Start();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);

        await peer.WritePduAsync(ScriptedPeer.AssociateRequest("WINDOWED", new PresentationContextProposal(1, Verification, ["1.2.840.10008.1.2"])));

        var accept = Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());
        Assert.Null(accept.UserInformation.AsynchronousOperationsWindow);
    }

    [Fact]
    public async Task ManyReportsInFlight_AreEachAnswered_WhileTheAcceptorsHandlerRunsOneAtATimeInArrivalOrder()
    {
        var running = 0;
        var mostAtOnce = 0;
        var order = new ConcurrentQueue<ushort>();
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }], request =>
        {
            mostAtOnce = Math.Max(mostAtOnce, Interlocked.Increment(ref running));
            order.Enqueue(request.MessageId);
            Thread.Sleep(1);
            Interlocked.Decrement(ref running);
            return new DimseResponse(((NEventReportRequest)request).EventTypeId == 1 ? DimseStatus.Success : DimseStatus.NoSuchEventType);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "ORDERED", Port = 0 }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("ORDERED", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { MaxOperationsInvoked = 8 });
        Assert.Equal(8, association.Info.MaxOperationsInvoked);

        var reports = Enumerable.Range(0, 64).Select(i => new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", (ushort)(1 + i % 2))).ToList();
        var responses = await Task.WhenAll(reports.Select(r => association.SendAsync(r).AsTask()));

        Assert.Equal(1, mostAtOnce);
        Assert.Equal(64, order.Count);
        for (var i = 0; i < reports.Count; i++)
        {
            Assert.Equal(reports[i].EventTypeId == 1 ? DimseStatus.Success : DimseStatus.NoSuchEventType, responses[i].Status);
        }
    }

    [Fact]
    public async Task RequestsArrivingTogether_AreAnsweredInOrder_AndAHandlerThatWaits_DoesNotHoldBackTheResponsesBeforeIt()
    {
        var secondMayAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new AsyncTestHandler([new PresentationContextPolicy(Verification)], async request =>
        {
            if (request.MessageId == 3)
            {
                await secondMayAnswer.Task; // answers only once the peer has the responses to 1 and 2
            }

            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "COALESCE", Port = 0 }, handler).Start();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        var request = ScriptedPeer.AssociateRequest("COALESCE", new PresentationContextProposal(1, Verification, ["1.2.840.10008.1.2"]));
        await peer.WritePduAsync(request with { UserInformation = request.UserInformation with { AsynchronousOperationsWindow = (4, 1) } });
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        // Three C-ECHO-RQs in one write: the acceptor reads them together.
        var bytes = new ByteBuffer();
        foreach (ushort id in new ushort[] { 1, 2, 3 })
        {
            var command = new ByteBuffer();
            DimseCommandCodec.Encode(command, new DimseCommand { CommandField = DimseCommandField.CEchoRequest, AffectedSopClassUid = Verification, MessageId = id });
            PduWriter.Write(bytes, new PDataTfPdu([new PresentationDataValue(1, true, true, command.ToArray())]));
        }

        await peer.WriteAsync(bytes.ToArray());
        Assert.Equal((ushort)1, (await peer.ReceiveMessageAsync()).Command.MessageIdBeingRespondedTo);
        Assert.Equal((ushort)2, (await peer.ReceiveMessageAsync()).Command.MessageIdBeingRespondedTo);
        secondMayAnswer.SetResult();
        var third = (await peer.ReceiveMessageAsync()).Command;
        Assert.Equal((ushort)3, third.MessageIdBeingRespondedTo);
        Assert.Equal((ushort)0, third.Status);
    }

    [Fact]
    public async Task ARequestSentAfterThePeerAborted_FailsAsTheAbortedAssociation_NotWithTheDisposedWindow()
    {
        var (port, accepted) = ScriptedPeer.Listen();
        var connecting = DicomClient.ConnectAsync(new RemoteApplicationEntity("ABORTING", "127.0.0.1", port), [new PresentationContextRequest(Verification)]);
        await using var peer = await accepted;
        var request = Assert.IsType<AssociateRequestPdu>(await peer.ReadPduAsync());
        await peer.WritePduAsync(ScriptedPeer.AssociateAccept(request));
        await using var association = await connecting;

        // The peer aborts; the association ends and disposes its request window. A caller that had not noticed sends anyway
        // (a node killed under load: found by the three-node test as an ObjectDisposedException from the window's timer).
        await peer.WritePduAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
        await association.Completion.ContinueWith(_ => { }, TaskScheduler.Default);

        var sent = await Assert.ThrowsAsync<DicomAssociationAbortedException>(() => association.SendAsync(new CEchoRequest()).AsTask());
        Assert.StartsWith("C-ECHO-RQ", sent.Message);
    }
}
