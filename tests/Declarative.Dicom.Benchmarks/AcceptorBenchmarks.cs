using BenchmarkDotNet.Attributes;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// The acceptor alone: a <see cref="RawRequestor"/> that allocates nothing sends an encoded N-EVENT-REPORT-RQ
/// (storage commitment, one referenced instance) and reads the response, so the allocation column is what our
/// acceptor allocates per round trip, handler and generated dispatch included. Baseline: a raw socket ping-pong
/// of the same sizes in the same run.
/// </summary>
[MemoryDiagnoser]
public class AcceptorBenchmarks
{
    private SocketPingPong? _pingPong;
    private DicomServer? _server;
    private RawRequestor? _requestor;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new DicomServer(new DicomServerOptions { AETitle = "BENCH", Port = 0 }, new BenchmarkListener()).Start();
        _requestor = await RawRequestor.ConnectAsync(_server.Port, "BENCH", SopClass.StorageCommitmentPushModel, scpRole: true);
        _requestor.Prepare(new DimseCommand
        {
            CommandField = DimseCommandField.NEventReportRequest,
            MessageId = 1,
            AffectedSopClassUid = SopClass.StorageCommitmentPushModel,
            AffectedSopInstanceUid = "1.2.840.10008.1.20.1.1",
            EventTypeId = 1,
            HasDataset = true,
        }, BenchmarkListener.Report());

        // The benchmark measures answered reports, not refusals: the first answer must be Success.
        var answer = await _requestor.RoundTripAsync();
        if (RawRequestor.StatusOf(answer) != DimseStatus.Success.Code)
        {
            throw new InvalidOperationException($"the acceptor answered 0x{RawRequestor.StatusOf(answer):X4}");
        }

        _pingPong = await SocketPingPong.StartAsync(_requestor.MessageLength, answer.Length + 6);
    }

    // Both return the pooled ValueTask of one async method: with BenchmarkDotNet's Task-returning convention, the
    // harness's own state machine (about 200 B per call) would hide what the acceptor allocates.
    [Benchmark(Baseline = true, Description = "raw socket ping-pong, same sizes")]
    public ValueTask RawSocket() => _pingPong!.RoundTripAsync();

    [Benchmark(Description = "N-EVENT-REPORT answered by our acceptor")]
    public ValueTask<ReadOnlyMemory<byte>> Acceptor() => _requestor!.RoundTripAsync();

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _requestor!.DisposeAsync();
        await _server!.DisposeAsync();
        _pingPong!.Dispose();
    }
}
