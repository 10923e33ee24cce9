using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Timeouts end what they should and only that; many associations are served at once.</summary>
public class TimeoutAndConcurrencyTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string StorageCommitment = "1.2.840.10008.1.20.1";

    [Fact]
    public async Task PeerThatNeverAnswersTheAssociateRequest_FailsAfterTheAcseTimeout()
    {
        var (port, accepted) = ScriptedPeer.Listen();
        var connecting = DicomClient.ConnectAsync(new RemoteApplicationEntity("SILENT", "127.0.0.1", port), [new PresentationContextRequest(Verification)],
            new DicomClientOptions { AcseTimeout = TimeSpan.FromMilliseconds(500) });
        await using var peer = await accepted;

        var error = await Assert.ThrowsAsync<DicomAssociationTimeoutException>(() => connecting);

        Assert.Contains("did not answer A-ASSOCIATE-RQ", error.Message);
    }

    [Fact]
    public async Task PeerThatNeverAnswersTheTlsHandshake_FailsAsATimeoutAfterTheAcseTimeout()
    {
        var (port, accepted) = ScriptedPeer.Listen(); // takes the connection, says nothing, not even TLS

        var error = await Assert.ThrowsAsync<DicomAssociationTimeoutException>(() => DicomClient.ConnectAsync(
            new RemoteApplicationEntity("MUTE", "127.0.0.1", port), [new PresentationContextRequest(Verification)],
            new DicomClientOptions { AcseTimeout = TimeSpan.FromMilliseconds(300), Tls = new DicomTlsOptions() }));

        Assert.Equal($"TLS handshake with MUTE@127.0.0.1:{port} did not complete within 0.3 s.", error.Message);
        await using var peer = await accepted;
    }

    [Fact]
    public async Task PeerThatNeverAnswersARequest_AbortsAfterTheDimseTimeout()
    {
        var (port, accepted) = ScriptedPeer.Listen();
        var connecting = DicomClient.ConnectAsync(new RemoteApplicationEntity("SLOW", "127.0.0.1", port), [new PresentationContextRequest(Verification)],
            new DicomClientOptions { DimseTimeout = TimeSpan.FromMilliseconds(300) });
        await using var peer = await accepted;
        await peer.WritePduAsync(ScriptedPeer.AssociateAccept(Assert.IsType<AssociateRequestPdu>(await peer.ReadPduAsync())));
        await using var association = await connecting;

        var error = await Assert.ThrowsAsync<DicomAssociationTimeoutException>(() => association.SendAsync(new CEchoRequest()).AsTask());

        Assert.Contains("No response to C-ECHO-RQ", error.Message);
        Assert.IsType<PDataTfPdu>(await peer.ReadPduAsync());
        Assert.IsType<AbortPdu>(await peer.ReadPduAsync());
    }

    [Fact]
    public async Task IdleAssociation_IsAbortedAfterTheIdleTimeout()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, IdleTimeout = TimeSpan.FromMilliseconds(300) },
            new TestHandler([new PresentationContextPolicy(Verification)])).Start();
        await using var peer = await ScriptedPeer.ConnectAsync(server.Port);
        await peer.WritePduAsync(ScriptedPeer.AssociateRequest("US", new PresentationContextProposal(1, Verification, ["1.2.840.10008.1.2"])));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReadPduAsync());

        var abort = Assert.IsType<AbortPdu>(await peer.ReadPduAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(AbortSource.ServiceUser, abort.Source);
    }

    [Fact]
    public async Task TwentyAssociationsAtOnce_AreAllServed()
    {
        var handler = new TestHandler([new PresentationContextPolicy(StorageCommitment) { RequestorMayBeScp = true }]);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0 }, handler).Start();

        async Task<DimseStatus> ReportAsync(int i)
        {
            await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port),
                [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { AETitle = $"PEER{i}" });
            var statuses = new List<DimseStatus>();
            for (ushort e = 0; e < 5; e++)
            {
                var information = new DicomDataset().Set(DicomTag.TransactionUID, $"1.2.3.{i}.{e}");
                statuses.Add((await association.SendAsync(new NEventReportRequest(StorageCommitment, "1.2.840.10008.1.20.1.1", 1, information))).Status);
            }

            await association.ReleaseAsync();
            return statuses.All(s => s.IsSuccess) ? DimseStatus.Success : DimseStatus.ProcessingFailure;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(ReportAsync));

        Assert.All(results, r => Assert.Equal(DimseStatus.Success, r));
        Assert.Equal(100, handler.Requests.Count);
        Assert.Equal(20, handler.Requests.Select(r => r.Association!.CallingAETitle).Distinct().Count());
    }

    [Fact]
    public async Task MoreAssociationsThanTheLimit_AreRejectedTransiently()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, MaxAssociations = 1 },
            new TestHandler([new PresentationContextPolicy(Verification)])).Start();
        await using var first = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)]);

        var rejected = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() =>
            DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(Verification)]));

        Assert.Equal((RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReasons.PresentationLocalLimitExceeded),
            (rejected.Result, rejected.RejectSource, rejected.Reason));
    }
}
