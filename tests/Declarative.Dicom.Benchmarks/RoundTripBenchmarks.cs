using BenchmarkDotNet.Attributes;
using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;

namespace Declarative.Dicom.Benchmarks;

/// <summary>The generated listener the benchmark reports to.</summary>
public partial class BenchmarkListener
{
    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report) => DimseStatus.Success;

    /// <summary>The Event Information every benchmark and load run sends: a storage commitment of one CT instance.</summary>
    public static DicomDataset Report() => new DicomDataset().Set(DicomTag.TransactionUID, "1.2.826.0.1.3680043.2.1125.1.2.3.4.5.6.7.8.9")
        .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset()
            .Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage)
            .Set(DicomTag.ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.2.1125.1.2.3.4.5.6.7.8.9.10.11"));
}

/// <summary>
/// One association answering N-EVENT-REPORTs against the yardstick of PEERS.md: a raw .NET async socket
/// ping-pong of the same sizes (about 400 bytes out, 200 back) on the same machine, one connection, NoDelay.
/// The ratio column is what matters; absolute numbers vary from run to run on a 2-core machine.
/// </summary>
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private const int RequestSize = 400;
    private const int ResponseSize = 200;

    private SocketPingPong? _pingPong;
    private DicomServer? _server;
    private DicomAssociation? _association;
    private NEventReportRequest? _report;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pingPong = await SocketPingPong.StartAsync(RequestSize, ResponseSize);
        _server = new DicomServer(new DicomServerOptions { AETitle = "BENCH", Port = 0 }, new BenchmarkListener()).Start();
        _association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("BENCH", "127.0.0.1", _server.Port),
            [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true, TransferSyntaxes = [DicomTransferSyntax.ImplicitVRLittleEndian.Uid] }]);
        // About 400 bytes on the wire with the command set and PDU headers; the response is about 200.
        var information = BenchmarkListener.Report();
        _report = new NEventReportRequest(SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", 1, information);
    }

    // Both return a pooled ValueTask (SendAsync's own), so the harness adds no state machine to either.
    [Benchmark(Baseline = true, Description = "raw socket ping-pong 400/200 B")]
    public ValueTask RawSocket() => _pingPong!.RoundTripAsync();

    [Benchmark(Description = "N-EVENT-REPORT round trip, one association")]
    public ValueTask<DimseResponse> EventReport() => _association!.SendAsync(_report!);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _association!.ReleaseAsync();
        await _server!.DisposeAsync();
        _pingPong!.Dispose();
    }
}
