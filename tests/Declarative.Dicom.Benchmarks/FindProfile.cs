using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using static Declarative.Dicom.Benchmarks.ProfileProcesses;

namespace Declarative.Dicom.Benchmarks;

/// <summary>
/// `find-load [--matches 100000] [--rounds R]`: a universal worklist query answered with N matches, by three SCPs in processes
/// of their own, all asked by the same requestor (our FindAsync, in this process) in one run: DCMTK's wlmscpfs over N .wl
/// files (the baseline; single process, so that its peak memory is the one that served), our SCP over the same files (read
/// per query, as wlmscpfs does), and our SCP over items held in memory (the framework's own cost). Prints matches/s and
/// each SCP's peak resident memory.
/// </summary>
internal static class FindProfile
{
    private const string Worklist = "1.2.840.10008.5.1.4.31";

    public static async Task<int> RunAsync(string[] args)
    {
        var matches = Option(args, "--matches", 100_000);
        var rounds = Option(args, "--rounds", 1);
        var folder = Directory.CreateTempSubdirectory("find-load-");
        try
        {
            var items = Directory.CreateDirectory(Path.Combine(folder.FullName, "WLMSCP")).FullName;
            File.WriteAllText(Path.Combine(items, "lockfile"), string.Empty);
            for (var i = 0; i < matches; i++)
            {
                using var file = File.Create(Path.Combine(items, $"item{i:D6}.wl"));
                using var dataset = new MemoryStream(Item(i).Encode(DicomTransferSyntax.ExplicitVRLittleEndian));
                await DicomFile.WriteAsync(file, Worklist, $"2.25.{i + 1}", DicomTransferSyntax.ExplicitVRLittleEndian, dataset);
            }

            Console.WriteLine($"{matches} worklist items; one universal query each; requestor: our FindAsync");
            Console.WriteLine("SCP: matches/s, SCP peak RSS");
            for (var round = 0; round < rounds; round++)
            {
                foreach (var scp in new[] { "wlmscpfs", "ours (files)", "ours (memory)" })
                {
                    var port = FreePort();
                    using var process = scp switch
                    {
                        "wlmscpfs" => Start("wlmscpfs", "--single-process", "-dfr", "-dfp", folder.FullName, port.ToString(CultureInfo.InvariantCulture)),
                        "ours (files)" => StartSelf("find-serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--folder", items),
                        _ => StartSelf("find-serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--memory", matches.ToString(CultureInfo.InvariantCulture)),
                    };
                    await WaitUntilListeningAsync(port);
                    var (count, seconds) = await AskAsync(port);
                    var peak = PeakResidentKiB(process.Id);
                    process.Kill(entireProcessTree: true);
                    if (count != matches)
                    {
                        throw new InvalidOperationException($"{scp} answered {count} matches, not {matches}");
                    }

                    Console.WriteLine($"{scp,-14}: {count / seconds,9:F0} matches/s, {peak / 1024.0,6:F0} MiB");
                }
            }

            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>`find-serve --port P (--folder DIR | --memory N)`: our worklist SCP over the files of a folder or over N items in memory, until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var port = Option(args, "--port", 0);
        var at = Array.IndexOf(args, "--folder");
        IDicomServiceHandler handler = at >= 0 ? new FolderWorklist(args[at + 1]) : new MemoryWorklist(Option(args, "--memory", 100_000));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "WLMSCP", Port = port }, handler).Start();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static async Task<(int Count, double Seconds)> AskAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("WLMSCP", "127.0.0.1", port), [new PresentationContextRequest(Worklist)],
            new DicomClientOptions { AETitle = "FINDLOAD", DimseTimeout = TimeSpan.FromMinutes(5) });
        var query = new DicomDataset()
            .Set(DicomTag.PatientName, Array.Empty<string>())
            .Set(DicomTag.PatientID, Array.Empty<string>())
            .Set(DicomTag.AccessionNumber, Array.Empty<string>())
            .SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset()
                .Set(DicomTag.Modality, Array.Empty<string>()).Set(DicomTag.ScheduledProcedureStepStartDate, Array.Empty<string>()));
        var count = 0;
        await foreach (var _ in association.FindAsync(Worklist, query))
        {
            count++;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await association.ReleaseAsync();
        return (count, seconds);
    }

    internal static DicomDataset Item(int n)
    {
        var item = new DicomDataset()
            .Set(DicomTag.AccessionNumber, $"ACC{n}")
            .Set(DicomTag.PatientName, $"Patient^{n}")
            .Set(DicomTag.PatientID, $"PID{n}")
            .Set(DicomTag.StudyInstanceUID, $"2.25.{n + 1}");
        item.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset()
            .Set(DicomTag.Modality, "CT").Set(DicomTag.ScheduledStationAETitle, "CT01")
            .Set(DicomTag.ScheduledProcedureStepStartDate, "20261201").Set(DicomTag.ScheduledProcedureStepStartTime, "080000"));
        return item;
    }

    private static int FreePort() => LoadProfile.FreePort();
}
