using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// An association reuses its command objects (one for the responses it sends, the decoded commands of requests it
/// has answered) and what it lends to handlers (the request object, its dataset's objects, the generated accessor):
/// nothing of one message may leak into the next.
/// </summary>
public class DimseCommandReuseTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";

    [Fact]
    public void Clear_ResetsEveryProperty()
    {
        var command = new DimseCommand();
        var settable = typeof(DimseCommand).GetProperties().Where(p => p.CanWrite).ToList();
        foreach (var property in settable)
        {
            property.SetValue(command, NonDefault(property.PropertyType));
        }

        Assert.All(settable, p => Assert.NotEqual(p.GetValue(new DimseCommand()), p.GetValue(command)));
        command.Clear();

        Assert.All(settable, p => Assert.Equal(p.GetValue(new DimseCommand()), p.GetValue(command)));
    }

    private static object NonDefault(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "x",
        var t when t == typeof(ushort) => (ushort)1,
        var t when t == typeof(bool) => true,
        var t when t == typeof(DimseCommandField) => DimseCommandField.NEventReportRequest,
        var t when t == typeof(DicomTag[]) => new[] { DicomTag.Status },
        var t => throw new InvalidOperationException($"add a non-default value for {t}"),
    };

    [Fact]
    public async Task SecondResponse_CarriesNothingOfTheFirst()
    {
        var answers = new Queue<DimseResponse>([
            new DimseResponse(DimseStatus.ProcessingFailure) { ErrorComment = "disk full", ErrorId = 42 },
            new DimseResponse(DimseStatus.Success),
        ]);
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment)], _ => answers.Dequeue());
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0 }, handler).Start();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"])));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        DimseCommand Report(ushort messageId) => new()
        {
            CommandField = DimseCommandField.NEventReportRequest,
            MessageId = messageId,
            AffectedSopClassUid = StorageCommitment,
            AffectedSopInstanceUid = "1.2.840.10008.1.20.1.1",
            EventTypeId = 1,
        };

        await peer.SendMessageAsync(1, Report(7));
        var (first, _) = await peer.ReceiveMessageAsync();
        await peer.SendMessageAsync(1, Report(8));
        var (second, _) = await peer.ReceiveMessageAsync();

        Assert.Equal(("disk full", (ushort?)42, (ushort?)0x0110, (ushort?)7), (first.ErrorComment, first.ErrorId, first.Status, first.MessageIdBeingRespondedTo));
        Assert.Equal((null, null, (ushort?)0x0000, (ushort?)8), (second.ErrorComment, second.ErrorId, second.Status, second.MessageIdBeingRespondedTo));
    }

    [Fact]
    public async Task SecondRequest_DecodedIntoTheFirstOnesCommand_CarriesNothingOfIt()
    {
        const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
        var seen = new List<(string? Originator, ushort? OriginatorMessageId, ushort Priority)>();
        var handler = new TestHandler([new PresentationContextPolicy(CtImageStorage)], request =>
        {
            var store = (CStoreRequest)request;
            seen.Add((store.MoveOriginatorAETitle, store.MoveOriginatorMessageId, store.Priority));
            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0 }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(CtImageStorage)]);
        DicomDataset Instance(string uid) => new DicomDataset().Set(DicomTag.SOPClassUID, CtImageStorage).Set(DicomTag.SOPInstanceUID, uid);

        await association.SendAsync(new CStoreRequest(Instance("1.2.3.1"), priority: 1) { MoveOriginatorAETitle = "MOVER", MoveOriginatorMessageId = 9 });
        await association.SendAsync(new CStoreRequest(Instance("1.2.3.2")));
        await association.ReleaseAsync();

        Assert.Equal([("MOVER", (ushort?)9, (ushort)1), (null, null, (ushort)0)], seen);
    }

    [Fact]
    public async Task SecondReport_IsLentTheFirstOnesObjects_AndReadsOnlyItsOwnValues()
    {
        var lent = new List<(object Request, object? Dataset, string Transaction, int Items)>();
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }], request =>
        {
            var information = ((NEventReportRequest)request).EventInformation!;
            lent.Add((request, information, information.GetString(DicomTag.TransactionUID), information.GetSequence(DicomTag.ReferencedSOPSequence).Count));
            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0 }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }]);
        DicomDataset Information(string transaction, int items) => new DicomDataset().Set(DicomTag.TransactionUID, transaction)
            .SetSequence(DicomTag.ReferencedSOPSequence, Enumerable.Range(1, items).Select(i => new DicomDataset()
                .Set(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2").Set(DicomTag.ReferencedSOPInstanceUID, $"1.2.3.{i}")).ToArray());

        await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, Information("1.2.3.100", items: 3)));
        await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, Information("1.2.3.200", items: 1)));
        await association.ReleaseAsync();

        Assert.Equal([("1.2.3.100", 3), ("1.2.3.200", 1)], lent.Select(l => (l.Transaction, l.Items)));
        Assert.Same(lent[0].Request, lent[1].Request);
        Assert.NotNull(lent[1].Dataset);
        Assert.Equal(["1.2.3.100", "1.2.3.200"], handler.Requests.Select(r => ((NEventReportRequest)r).EventInformation!.GetString(DicomTag.TransactionUID)));
    }

    [Fact]
    public void GeneratedAccessor_IsLentAgain_OverTheNextRequestsDataset()
    {
        var arena = new ReceivedRequestArena();
        var command = new DimseCommand
        {
            CommandField = DimseCommandField.NEventReportRequest, MessageId = 1, AffectedSopClassUid = StorageCommitment,
            AffectedSopInstanceUid = "1.2.840.10008.1.20.1.1", EventTypeId = 1, HasDataset = true,
        };
        DicomDataset Information(string transaction) => arena.Datasets.Decode(new DicomDataset().Set(DicomTag.TransactionUID, transaction)
            .Encode(DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ImplicitVRLittleEndian);

        var first = DimseRequestFactory.Create(command, Information("1.2.3.1"), arena: arena)!;
        var firstAccessor = first.AccessorFor(dataset => new StorageCommitmentSuccessful(dataset));
        Assert.Equal("1.2.3.1", firstAccessor.TransactionUID);
        arena.Recycle();
        var second = DimseRequestFactory.Create(command, Information("1.2.3.2"), arena: arena)!;
        var secondAccessor = second.AccessorFor(dataset => new StorageCommitmentSuccessful(dataset));

        Assert.Same(first, second);
        Assert.Same(firstAccessor, secondAccessor);
        Assert.Equal("1.2.3.2", secondAccessor.TransactionUID);
        Assert.Same(second.Dataset, secondAccessor.Dataset);
    }
}
