using System.Diagnostics;
using System.Globalization;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.TestSupport;
using static Declarative.Dicom.Benchmarks.ProfileProcesses;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `large-store [--size-mib 512] [--max-pdu BYTES] [--rounds R]`: one CT instance of that size, C-STOREd four ways in one run,
/// each side in a process of its own: storescu → storescp (the baseline), storescu → our acceptor, our requestor
/// (<see cref="CStoreRequest.FromFile"/>) → storescp, ours → ours. Both receivers store the instance to disk. Prints MB/s
/// and each side's peak resident memory (VmHWM). Our sides are `store-send` and `store-receive` of this program.
/// </summary>
internal static class LargeStoreProfile
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const int Rows = 16384;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMiB = Option(args, "--size-mib", 512);
        var maxPdu = Option(args, "--max-pdu", 16384);
        var rounds = Option(args, "--rounds", 1);
        var folder = Directory.CreateTempSubdirectory("large-store-");
        try
        {
            var file = Path.Combine(folder.FullName, "large.dcm");
            WriteCt(file, (long)sizeMiB * 1024 * 1024);
            var megabytes = new FileInfo(file).Length / 1_000_000.0;
            Console.WriteLine($"instance: {megabytes:F0} MB, maximum PDU {maxPdu} bytes both ways, {rounds} round(s)");
            Console.WriteLine("sender -> receiver: MB/s, sender peak RSS, receiver peak RSS");
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (sender, receiver) in new[] { ("storescu", "storescp"), ("storescu", "ours"), ("ours", "storescp"), ("ours", "ours") })
                {
                    var received = Path.Combine(folder.FullName, "received");
                    Directory.CreateDirectory(received);
                    var (seconds, senderPeak, receiverPeak) = await TransferAsync(sender, receiver, file, received, maxPdu);
                    Console.WriteLine($"{sender,8} -> {receiver,-8}: {megabytes / seconds,7:F0} MB/s, {senderPeak / 1024.0,6:F0} MiB, {receiverPeak / 1024.0,6:F0} MiB");
                    Directory.Delete(received, recursive: true);
                }
            }

            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>`store-send --to AE@host:port --file F --max-pdu N`: one C-STORE streamed from the file; prints seconds and VmHWM (KiB).</summary>
    public static async Task<int> SendAsync(string[] args)
    {
        var peer = RemoteApplicationEntity.Parse(args[Array.IndexOf(args, "--to") + 1]);
        var file = args[Array.IndexOf(args, "--file") + 1];
        var clock = Stopwatch.StartNew();
        await using (var association = await DicomClient.ConnectAsync(peer,
            [new PresentationContextRequest(CtImageStorage) { TransferSyntaxes = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid] }],
            new DicomClientOptions { AETitle = "OURSCU", MaxPduLength = Option(args, "--max-pdu", 16384), DimseTimeout = TimeSpan.FromMinutes(10) }))
        {
            var response = await association.SendAsync(CStoreRequest.FromFile(file));
            await association.ReleaseAsync();
            if (!response.Status.IsSuccess)
            {
                Console.Error.WriteLine($"C-STORE answered {response.Status}");
                return 1;
            }
        }

        Console.WriteLine($"{clock.Elapsed.TotalSeconds.ToString(CultureInfo.InvariantCulture)} {PeakResidentKiB(Environment.ProcessId)}");
        return 0;
    }

    /// <summary>`store-receive --port P --dir D --max-pdu N`: our acceptor, saving each instance as a Part 10 file, until killed.</summary>
    public static async Task<int> ReceiveAsync(string[] args)
    {
        var handler = new SavingHandler(args[Array.IndexOf(args, "--dir") + 1]);
        await using var server = new DicomServer(new DicomServerOptions
        {
            AETitle = "OURSCP",
            Port = int.Parse(args[Array.IndexOf(args, "--port") + 1], CultureInfo.InvariantCulture),
            MaxPduLength = Option(args, "--max-pdu", 16384),
            SpoolDirectory = args[Array.IndexOf(args, "--dir") + 1],
        }, handler).Start();
        Console.WriteLine("listening");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private sealed class SavingHandler(string folder) : IDicomServiceHandler
    {
        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = [new PresentationContextPolicy(CtImageStorage)];

        public async ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            var store = (CStoreRequest)request;
            await store.SaveAsPart10Async(Path.Combine(folder, store.SopInstanceUid + ".dcm"), cancellationToken);
            return new DimseResponse(DimseStatus.Success);
        }
    }

    /// <summary>One transfer: the receiver started and listening, the sender run to its end; seconds as the sender measured them.</summary>
    private static async Task<(double Seconds, long SenderPeakKiB, long ReceiverPeakKiB)> TransferAsync(string sender, string receiver, string file, string folder, int maxPdu)
    {
        var port = LoadProfile.FreePort();
        using var scp = receiver == "storescp"
            ? Start("storescp", "--aetitle", "OURSCP", "--max-pdu", maxPdu.ToString(CultureInfo.InvariantCulture), "--output-directory", folder, port.ToString(CultureInfo.InvariantCulture))
            : StartSelf("store-receive", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", folder, "--max-pdu", maxPdu.ToString(CultureInfo.InvariantCulture));
        await WaitUntilListeningAsync(port);
        double seconds;
        long senderPeak;
        if (sender == "storescu")
        {
            // storescu starts in milliseconds; its whole run is the transfer. /usr/bin/time gives its peak resident memory.
            using var scu = Start("/usr/bin/time", "-f", "%M", "storescu", "-aec", "OURSCP", "-xe", "--max-pdu", maxPdu.ToString(CultureInfo.InvariantCulture),
                "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), file);
            var clock = Stopwatch.StartNew();
            var peak = await scu.StandardError.ReadToEndAsync();
            await scu.WaitForExitAsync();
            seconds = clock.Elapsed.TotalSeconds;
            senderPeak = long.Parse(peak.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
            if (scu.ExitCode != 0)
            {
                throw new InvalidOperationException($"storescu exited {scu.ExitCode}: {peak}");
            }
        }
        else
        {
            using var scu = StartSelf("store-send", "--to", $"OURSCP@127.0.0.1:{port}", "--file", file, "--max-pdu", maxPdu.ToString(CultureInfo.InvariantCulture));
            var line = (await scu.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
            await scu.WaitForExitAsync();
            seconds = double.Parse(line[0], CultureInfo.InvariantCulture);
            senderPeak = long.Parse(line[1], CultureInfo.InvariantCulture);
        }

        await WaitForFileAsync(folder);
        var receiverPeak = PeakResidentKiB(scp.Id);
        scp.Kill(entireProcessTree: true);
        return (seconds, senderPeak, receiverPeak);
    }

    /// <summary>The instance: <paramref name="bytes"/> of 16-bit pixel data in rows of <see cref="Rows"/>.</summary>
    private static void WriteCt(string path, long bytes) =>
        LargeCtFile.Write(path, "1.2.826.0.1.3680043.2.1125.512", Rows, (ushort)(bytes / (2 * Rows)), seed: 5);

    /// <summary>The receiver has answered before the sender ends; its file may still be closing. Waits until one is there.</summary>
    private static async Task WaitForFileAsync(string folder)
    {
        for (var i = 0; i < 100 && Directory.GetFiles(folder, "*.dcm").Length == 0 && Directory.GetFiles(folder, "CT.*").Length == 0; i++)
        {
            await Task.Delay(50);
        }
    }
}
