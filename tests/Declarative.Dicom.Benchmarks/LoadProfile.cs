using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Benchmarks;

/// <summary>The listener of the load profile: counts what its handler saw, so that nothing answered can be missing.</summary>
public partial class CountingListener
{
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
    public DimseStatus OnCommitted(StorageCommitmentSuccessful report)
    {
        Interlocked.Increment(ref _received);
        return DimseStatus.Success;
    }
}

/// <summary>
/// `-- --load [ASSOCIATIONS] [REPORTS]`: ASSOCIATIONS associations (default 32) at once, each sending REPORTS
/// storage-commitment reports (default 5,000) one after the other to a server in this process; every response
/// status is checked, the handler's count is compared with what was sent, and the last line reads
/// `sent=… answered_success=… handled=… lost=… rps=… p50_us=… p99_us=…`.
/// </summary>
internal static class LoadProfile
{
    public static async Task RunAsync(int associations, int reports)
    {
        var listener = new CountingListener();
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "LOAD", Port = 0, MaxAssociations = Math.Max(64, associations + 1) }, listener).Start();
        var information = new DicomDataset().Set(DicomTag.TransactionUID, "1.2.826.0.1.3680043.2.1125.1.2.3.4.5.6.7.8.9")
            .SetSequence(DicomTag.ReferencedSOPSequence, new DicomDataset()
                .Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage)
                .Set(DicomTag.ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.2.1125.1.2.3.4.5.6.7.8.9.10.11"));
        var latencies = new long[associations * reports];
        var clock = Stopwatch.StartNew();
        var successes = await Task.WhenAll(Enumerable.Range(0, associations).Select(a => Task.Run(async () =>
        {
            await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("LOAD", "127.0.0.1", server.Port),
                [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true }]);
            var request = new NEventReportRequest(SopClass.StorageCommitmentPushModel, WellKnownSopInstance.StorageCommitmentPushModel, 1, information);
            var ok = 0;
            for (var i = 0; i < reports; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await association.SendAsync(request);
                latencies[(a * reports) + i] = Stopwatch.GetTimestamp() - started;
                ok += response.Status.IsSuccess ? 1 : 0;
            }

            await association.ReleaseAsync();
            return ok;
        })));
        clock.Stop();
        Array.Sort(latencies);
        double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        var sent = (long)associations * reports;
        var answered = successes.Sum();
        Console.WriteLine($"sent={sent} answered_success={answered} handled={listener.Received} lost={sent - listener.Received} " +
            $"rps={sent / clock.Elapsed.TotalSeconds:F0} p50_us={Micros(latencies[latencies.Length / 2]):F0} p99_us={Micros(latencies[(int)(latencies.Length * 0.99)]):F0}");
    }
}
