using System.Diagnostics;
using System.Net.Sockets;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `-- --flood [ASSOCIATIONS] [MIB_EACH]`: the hostile peer of the reliability issue. ASSOCIATIONS connections
/// (default 8) each start a C-STORE whose dataset never ends and push up to MIB_EACH MiB (default 1024) into a
/// server with default options, while a valid association echoes every half second. Prints the server process's
/// resident memory before, at its peak and after the attack (after a full GC), how many floods were aborted and
/// how many echoes succeeded. The attackers run in this process too; each holds one 16 KB buffer.
/// </summary>
internal static class FloodProfile
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const int Fragment = 16_000;

    public static async Task RunAsync(int associations, long mibEach, bool release)
    {
        // A flood that stops sending mid-dataset is aborted by the idle time-out: 5 s here rather than the default 5 minutes,
        // so that the run measures what comes after the abort without waiting for it.
        var options = new DicomServerOptions { AETitle = "FLOODED", Port = 0, ReleaseMemoryAfterSpikes = release, IdleTimeout = TimeSpan.FromSeconds(5) };
        await using var server = new DicomServer(options, new StoreAll()).Start();
        var process = Process.GetCurrentProcess();
        ForceCollect();
        var start = Resident(process);
        long peak = start;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Resident(process));
                await Task.Delay(50);
            }
        });
        var echoes = Task.Run(() => EchoLoopAsync(server.Port, stop.Token));
        var floods = await Task.WhenAll(Enumerable.Range(0, associations).Select(_ => FloodAsync(server.Port, mibEach * 1024 * 1024)));
        await Task.Delay(500);
        stop.Cancel();
        await sampler;
        var (ok, failed) = await echoes;
        // What the node gives back by itself (no collection forced here): resident memory 2 and 5 s after the flood ended,
        // then after a forced full GC for comparison (what the node could give back at best).
        await Task.Delay(1500);
        var after2 = Resident(process);
        await Task.Delay(3000);
        var after5 = Resident(process);
        ForceCollect();
        await Task.Delay(500);
        var forced = Resident(process);
        Console.WriteLine($"release={release} budget={options.MaxBytesInFlight / (1024 * 1024)}MiB associations={associations} aborted={floods.Count(f => f)}/{associations} " +
            $"echo_ok={ok} echo_failed={failed} resident_start_mib={start} resident_peak_mib={peak} resident_after_2s_mib={after2} resident_after_5s_mib={after5} " +
            $"resident_after_forced_gc_mib={forced} in_flight_after={server.Budget.InFlight}");
    }

    private static long Resident(Process process)
    {
        process.Refresh();
        return process.WorkingSet64 / (1024 * 1024);
    }

    private static void ForceCollect()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Sends a never-ending C-STORE dataset; true when the server aborted the association.</summary>
    private static async Task<bool> FloodAsync(int port, long bytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = new AssociateRequestPdu("FLOODED", "ATTACKER", AcceptorNegotiation.DicomApplicationContext,
            [new PresentationContextProposal(1, CtImageStorage, [DicomTransferSyntax.ImplicitVRLittleEndian.Uid])],
            new UserInformation { MaximumLength = 16384, ImplementationClassUid = DicomImplementation.ClassUid });
        await RawRequestor.WriteAsync(stream, request);
        using var reader = new PduReader(stream, 1 << 20);
        if (await RawRequestor.ReadAsync(reader) is not AssociateAcceptPdu)
        {
            return false;
        }

        var command = new ByteBuffer();
        DimseCommandCodec.Encode(command, new DimseCommand
        {
            CommandField = DimseCommandField.CStoreRequest, MessageId = 1, AffectedSopClassUid = CtImageStorage, AffectedSopInstanceUid = "1.2.3", HasDataset = true,
        });
        await RawRequestor.WriteAsync(stream, new PDataTfPdu([new PresentationDataValue(1, true, true, command.ToArray())]));
        var fragment = new ByteBuffer(Fragment + 32);
        PduWriter.Write(fragment, new PDataTfPdu([new PresentationDataValue(1, false, false, new byte[Fragment])]));
        var pdu = fragment.ToArray();
        try
        {
            for (long sent = 0; sent < bytes; sent += Fragment)
            {
                await stream.WriteAsync(pdu);
            }
        }
        catch (IOException)
        {
            return true; // the server aborted and closed while we were still writing
        }

        try
        {
            return await RawRequestor.ReadAsync(reader) is AbortPdu;
        }
        catch (Exception ex) when (ex is IOException or PduException)
        {
            return true;
        }
    }

    private static async Task<(int Ok, int Failed)> EchoLoopAsync(int port, CancellationToken stop)
    {
        int ok = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("FLOODED", "127.0.0.1", port), [new PresentationContextRequest("1.2.840.10008.1.1")]);
                if ((await association.SendAsync(new CEchoRequest())).Status.IsSuccess)
                {
                    ok++;
                }
                else
                {
                    failed++;
                }

                await association.ReleaseAsync();
            }
            catch (Exception ex) when (ex is DicomAssociationException or IOException or SocketException)
            {
                failed++;
            }

            await Task.Delay(500, CancellationToken.None);
        }

        return (ok, failed);
    }

    private sealed class StoreAll : IDicomServiceHandler
    {
        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } =
            [new PresentationContextPolicy("1.2.840.10008.1.1"), new PresentationContextPolicy(CtImageStorage)];

        public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(new DimseResponse(DimseStatus.Success));
    }
}
