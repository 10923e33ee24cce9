using System.Net;
using System.Net.Sockets;
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

    private Socket? _pingServerListener;
    private Socket? _pingClient;
    private Task? _pingServerLoop;
    private readonly byte[] _request = new byte[RequestSize];
    private readonly byte[] _response = new byte[ResponseSize];

    private DicomServer? _server;
    private DicomAssociation? _association;
    private NEventReportRequest? _report;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pingServerListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _pingServerListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _pingServerListener.Listen(1);
        _pingClient = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = _pingServerListener.AcceptAsync();
        await _pingClient.ConnectAsync((IPEndPoint)_pingServerListener.LocalEndPoint!);
        var serverSide = await accepting;
        serverSide.NoDelay = true;
        _pingServerLoop = Task.Run(() => EchoAsync(serverSide));

        _server = new DicomServer(new DicomServerOptions { AETitle = "BENCH", Port = 0 }, new BenchmarkListener()).Start();
        _association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("BENCH", "127.0.0.1", _server.Port),
            [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true, TransferSyntaxes = [DicomTransferSyntax.ImplicitVRLittleEndian.Uid] }]);
        // About 400 bytes on the wire with the command set and PDU headers; the response is about 200.
        var information = new DicomDataset().Set(DicomTag.TransactionUID, "1.2.826.0.1.3680043.2.1125.1.2.3.4.5.6.7.8.9")
            .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset()
                .Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage)
                .Set(DicomTag.ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.2.1125.1.2.3.4.5.6.7.8.9.10.11"));
        _report = new NEventReportRequest(SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", 1, information);
    }

    private async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[RequestSize];
        while (true)
        {
            var received = 0;
            while (received < RequestSize)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None);
                if (n == 0)
                {
                    return;
                }

                received += n;
            }

            await socket.SendAsync(buffer.AsMemory(0, ResponseSize), SocketFlags.None);
        }
    }

    [Benchmark(Baseline = true, Description = "raw socket ping-pong 400/200 B")]
    public async Task RawSocket()
    {
        await _pingClient!.SendAsync(_request, SocketFlags.None);
        var received = 0;
        while (received < ResponseSize)
        {
            received += await _pingClient.ReceiveAsync(_response.AsMemory(received), SocketFlags.None);
        }
    }

    [Benchmark(Description = "N-EVENT-REPORT round trip, one association")]
    public async Task<DimseStatus> EventReport() => (await _association!.SendAsync(_report!)).Status;

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _association!.ReleaseAsync();
        await _server!.DisposeAsync();
        _pingClient!.Dispose();
        _pingServerListener!.Dispose();
    }
}
