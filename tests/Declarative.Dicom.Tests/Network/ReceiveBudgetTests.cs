using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// The server's budget for data in flight and the per-kind dataset limits: a flood of never-ending datasets on many
/// associations costs at most the budget, the association that would go over it is aborted before its bytes are
/// kept, others are served meanwhile, and the bytes come back when the associations end.
/// </summary>
public class ReceiveBudgetTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string Verification = "1.2.840.10008.1.1";
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private const int Fragment = 16_000; // fits in the 16 KiB PDUs the server accepts
    private const long Budget = 4L * 1024 * 1024;

    private readonly TestHandler _handler = new([new PresentationContextPolicy(Verification), new PresentationContextPolicy(CtImageStorage),
        new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }]);

    private DicomServer StartServer(long budget = Budget, long nServiceLimit = 16L * 1024 * 1024) =>
        new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, MaxBytesInFlight = budget, MaxNServiceDatasetLength = nServiceLimit }, _handler).Start();

    /// <summary>An association that announces a dataset and then sends <paramref name="bytes"/> of it, never the last fragment.</summary>
    private static async Task<ScriptedPeer> NeverEndingStoreAsync(DicomServer server, long bytes)
    {
        var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, CtImageStorage, ["1.2.840.10008.1.2"])));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());
        await SendCommandAsync(peer, new DimseCommand
        {
            CommandField = DimseCommandField.CStoreRequest, MessageId = 1, AffectedSopClassUid = CtImageStorage, AffectedSopInstanceUid = "1.2.3", HasDataset = true,
        });
        var chunk = new byte[Fragment];
        for (long sent = 0; sent < bytes; sent += Fragment)
        {
            await peer.WritePduAsync(new PDataTfPdu([new PresentationDataValue(1, false, false, chunk)]));
        }

        return peer;
    }

    private static async Task SendCommandAsync(ScriptedPeer peer, DimseCommand command)
    {
        var encoded = new ByteBuffer();
        DimseCommandCodec.Encode(encoded, command);
        await peer.WritePduAsync(new PDataTfPdu([new PresentationDataValue(1, true, true, encoded.ToArray())]));
    }

    [Fact]
    public async Task NeverEndingDatasets_TheOneOverTheBudgetIsAborted_OthersAreServed_AndTheBytesComeBack()
    {
        await using var server = StartServer();
        var holding = new List<ScriptedPeer>();
        for (var i = 0; i < 3; i++)
        {
            holding.Add(await NeverEndingStoreAsync(server, 1024 * 1024));
        }

        await Eventually.TrueAsync(() => server.Budget.InFlight >= 3L * 1024 * 1024, $"three megabytes in flight, saw {server.Budget.InFlight}");

        await using (var flood = await NeverEndingStoreAsync(server, 2L * 1024 * 1024))
        {
            var abort = Assert.IsType<AbortPdu>(await flood.ReadPduAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal((AbortSource.ServiceProvider, AbortReason.NotSpecified), (abort.Source, abort.Reason));
        }

        Assert.InRange(server.Budget.InFlight, 3L * 1024 * 1024, Budget);
        await using (var valid = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)]))
        {
            Assert.Equal(DimseStatus.Success, (await valid.SendAsync(new CEchoRequest())).Status);
            await valid.ReleaseAsync();
        }

        // The holding peers vanish mid-message: their partial datasets go back, and no handler ever saw them.
        foreach (var peer in holding)
        {
            await peer.DisposeAsync();
        }

        await Eventually.TrueAsync(() => server.Budget.InFlight == 0, $"nothing in flight once the associations ended, saw {server.Budget.InFlight}");
        Assert.All(_handler.Requests, r => Assert.IsType<CEchoRequest>(r));
    }

    [Fact]
    public async Task EventInformationOverTheNServiceLimit_IsAborted_WhileAStoreOfTheSameSizeIsServed()
    {
        await using var server = StartServer(nServiceLimit: 64 * 1024);
        var large = new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3").SetBytes(DicomTag.PixelData, DicomVR.OB, new byte[100_000]);

        await using (var report = await ScriptedPeer.ConnectAsync(server.Port))
        {
            await report.WritePduAsync(ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, StorageCommitment, ["1.2.840.10008.1.2"])));
            Assert.IsType<AssociateAcceptPdu>(await report.ReadPduAsync());
            await SendCommandAsync(report, new DimseCommand
            {
                CommandField = DimseCommandField.NEventReportRequest, MessageId = 1, AffectedSopClassUid = StorageCommitment,
                AffectedSopInstanceUid = "1.2.840.10008.1.20.1.1", EventTypeId = 1, HasDataset = true,
            });
            var bytes = large.Encode(DicomTransferSyntax.ImplicitVRLittleEndian);
            for (var offset = 0; offset < bytes.Length; offset += Fragment)
            {
                var last = offset + Fragment >= bytes.Length;
                await report.WritePduAsync(new PDataTfPdu([new PresentationDataValue(1, false, last, bytes.AsMemory(offset, Math.Min(Fragment, bytes.Length - offset)))]));
                if (offset >= 64 * 1024)
                {
                    break; // the limit has been crossed: the abort is on its way
                }
            }

            var abort = Assert.IsType<AbortPdu>(await report.ReadPduAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(AbortReason.InvalidPduParameterValue, abort.Reason);
        }

        await using var store = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(CtImageStorage)]);
        var instance = large.Set(DicomTag.SOPClassUID, CtImageStorage).Set(DicomTag.SOPInstanceUID, "1.2.3.4");
        Assert.Equal(DimseStatus.Success, (await store.SendAsync(new CStoreRequest(instance))).Status);
        await store.ReleaseAsync();
    }

    [Fact]
    public void Drained_IsRaisedOnce_WhenASpikeOfAQuarterOfTheLimitFallsBackToZero_NotForSmallTraffic()
    {
        var budget = new ReceiveBudget(1000);
        var drained = new List<long>();
        budget.Drained += drained.Add;

        Assert.True(budget.TryReserve(100));
        budget.Release(100); // 10 % of the limit: ordinary traffic, nothing to give back
        Assert.Empty(drained);

        Assert.True(budget.TryReserve(200));
        Assert.True(budget.TryReserve(150));
        Assert.False(budget.TryReserve(700)); // refused: does not count towards the high-water mark
        Assert.Equal(350, budget.HighWater);
        budget.Release(200);
        Assert.Empty(drained); // still 150 in flight
        budget.Release(150);

        Assert.Equal([350], drained);
        Assert.Equal(0, budget.HighWater); // starts again
    }
}
