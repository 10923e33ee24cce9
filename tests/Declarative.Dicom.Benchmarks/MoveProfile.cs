using System.Diagnostics;
using System.Globalization;
using Declarative.Dicom.Network;
using Declarative.Dicom.TestSupport;
using static Declarative.Dicom.Benchmarks.ProfileProcesses;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `move-load [--size-mib 1000] [--instances 8] [--max-pdu 131072] [--rounds R]`: one study of that size, moved by DCMTK's
/// movescu to DCMTK's storescp from two query/retrieve SCPs in one run: DCMTK's dcmqrscp (the baseline; the study stored into
/// its database first, then dcmqrscp restarted so that its peak memory is the move's; dcmqrscp caps a study at 1 GiB) and ours
/// (`move-serve`, sending the
/// files as stored). Each SCP in a process of its own; prints MB/s (movescu's whole run) and the SCP's peak resident memory.
/// </summary>
internal static class MoveProfile
{
    private const string Study = "1.2.826.0.1.3680043.2.1125.77";

    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMiB = Option(args, "--size-mib", 1000);
        var instances = Option(args, "--instances", 8);
        var maxPdu = Option(args, "--max-pdu", 131072).ToString(CultureInfo.InvariantCulture);
        var rounds = Option(args, "--rounds", 1);
        var root = Directory.CreateTempSubdirectory("move-load-");
        try
        {
            var study = Directory.CreateDirectory(Path.Combine(root.FullName, "study")).FullName;
            const ushort rows = 4096;
            var columns = (ushort)((long)sizeMiB * 1024 * 1024 / instances / (2 * rows));
            for (var i = 0; i < instances; i++)
            {
                LargeCtFile.Write(Path.Combine(study, $"{i}.dcm"), $"{Study}.{i + 1}", rows, columns, seed: i, studyInstanceUid: Study);
            }

            var megabytes = Directory.GetFiles(study).Sum(f => new FileInfo(f).Length) / 1_000_000.0;
            var received = Directory.CreateDirectory(Path.Combine(root.FullName, "received")).FullName;
            var storePort = FreePort();
            using var storescp = Start("storescp", "--aetitle", "STORESCP", "--max-pdu", maxPdu, "--output-directory", received, storePort.ToString(CultureInfo.InvariantCulture));
            await WaitUntilListeningAsync(storePort);
            var dcmqrscp = await LoadDcmqrscpAsync(root.FullName, study, storePort, maxPdu);
            Console.WriteLine($"study: {instances} instances, {megabytes:F0} MB; movescu -> SCP -> storescp, maximum PDU {maxPdu} bytes");
            Console.WriteLine("SCP: MB/s, SCP peak RSS");
            for (var round = 0; round < rounds; round++)
            {
                foreach (var scp in new[] { "dcmqrscp", "ours" })
                {
                    var port = scp == "dcmqrscp" ? dcmqrscp.Port : FreePort();
                    // dcmqrscp runs under /usr/bin/time: 3.6.7 in single-process mode may end with a segmentation fault once a
                    // move is answered, which would take its /proc entry with it; time reports its peak either way.
                    using var process = scp == "dcmqrscp"
                        ? Start("/usr/bin/time", "-f", "%M", "dcmqrscp", "--single-process", "-c", dcmqrscp.Config)
                        : StartSelf("move-serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--folder", study, "--max-pdu", maxPdu,
                            "--destination", $"STORESCP@127.0.0.1:{storePort}");
                    await WaitUntilListeningAsync(port);
                    var seconds = Move(scp == "dcmqrscp" ? "DCMQRSCP" : "OURQR", port, maxPdu);
                    long peak;
                    if (scp == "dcmqrscp")
                    {
                        Start("pkill", "-TERM", "-P", process.Id.ToString(CultureInfo.InvariantCulture)).WaitForExit();
                        var report = (await process.StandardError.ReadToEndAsync()).Trim().Split('\n');
                        await process.WaitForExitAsync();
                        peak = long.Parse(report[^1], CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        peak = PeakResidentKiB(process.Id);
                        process.Kill(entireProcessTree: true);
                    }

                    var arrived = Directory.GetFiles(received).Length;
                    if (arrived != instances)
                    {
                        throw new InvalidOperationException($"{scp}: {arrived} of {instances} instances arrived");
                    }

                    Console.WriteLine($"{scp,-9}: {megabytes / seconds,7:F0} MB/s, {peak / 1024.0,6:F0} MiB");
                    foreach (var file in Directory.GetFiles(received))
                    {
                        File.Delete(file);
                    }
                }
            }

            storescp.Kill(entireProcessTree: true);
            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>`move-serve --port P --folder DIR --destination AE@host:port`: our C-MOVE SCP sending every file of the folder (the study), until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var destination = RemoteApplicationEntity.Parse(args[Array.IndexOf(args, "--destination") + 1]);
        await using var server = new DicomServer(new DicomServerOptions
        {
            AETitle = "OURQR",
            Port = Option(args, "--port", 0),
            MaxPduLength = Option(args, "--max-pdu", 131072),
            DimseTimeout = TimeSpan.FromMinutes(10),
            MoveDestinations = new RemoteApplicationEntityTable().Add(destination),
        }, new FolderStudy(args[Array.IndexOf(args, "--folder") + 1])).Start();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    /// <summary>The study stored into dcmqrscp's database by storescu; returns its configuration for the timed runs.</summary>
    private static async Task<(string Config, int Port)> LoadDcmqrscpAsync(string root, string study, int storePort, string maxPdu)
    {
        var database = Directory.CreateDirectory(Path.Combine(root, "dcmqrscp-db")).FullName;
        var port = FreePort();
        var config = Path.Combine(root, "dcmqrscp.cfg");
        File.WriteAllText(config, $"""
            NetworkTCPPort = {port}
            MaxPDUSize = {maxPdu}
            MaxAssociations = 16
            HostTable BEGIN
            storescp = (STORESCP, 127.0.0.1, {storePort})
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            DCMQRSCP {database} RW (100, 4096mb) ANY
            AETable END
            """);
        using (var loading = Start("dcmqrscp", "--single-process", "-c", config))
        {
            await WaitUntilListeningAsync(port);
            using var storescu = Start("storescu", ["-aec", "DCMQRSCP", "--max-pdu", maxPdu, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. Directory.GetFiles(study)]);
            await storescu.WaitForExitAsync();
            if (storescu.ExitCode != 0)
            {
                throw new InvalidOperationException($"storescu into dcmqrscp exited {storescu.ExitCode}: {await storescu.StandardError.ReadToEndAsync()}");
            }

            loading.Kill(entireProcessTree: true);
            await loading.WaitForExitAsync();
        }

        return (config, port);
    }

    /// <summary>movescu's whole run, in seconds.</summary>
    private static double Move(string calledAE, int port, string maxPdu)
    {
        using var movescu = Start("movescu", "-S", "-aec", calledAE, "-aem", "STORESCP", "--max-pdu", maxPdu, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture),
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}");
        var clock = Stopwatch.StartNew();
        var errors = movescu.StandardError.ReadToEndAsync();
        movescu.StandardOutput.ReadToEnd();
        movescu.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        if (movescu.ExitCode != 0)
        {
            throw new InvalidOperationException($"movescu against {calledAE} exited {movescu.ExitCode}: {errors.Result}");
        }

        return seconds;
    }

    private static int FreePort() => LoadProfile.FreePort();
}
