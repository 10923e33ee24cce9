using System.CommandLine;
using System.Diagnostics;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Retrieve;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>
/// `move PEER --dest AE -k …` and `get PEER --output DIR -k …`: C-MOVE and C-GET as movescu and getscu, a line of progress
/// per pending response, the final counts and failed instances. Exit 1 unless every sub-operation succeeded.
/// </summary>
internal static class RetrieveCommands
{
    public static Command Move()
    {
        var peer = new Argument<string>("peer") { Description = "the Q/R SCP: AE@host:port, or a name from the peers file" };
        var destination = new Option<string>("--dest") { Description = "the move destination's AE title (the SCP must know it)", Required = true };
        var query = new QueryOptions(worklist: false);
        var command = new Command("move", "Have a Q/R SCP send what the keys select to an AE, with C-MOVE, as movescu does.") { peer, destination };
        query.AddTo(command);
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var (sopClass, identifier) = query.Read(parsed, DimseRequestKind.Move);
            using var loggers = CommonOptions.Loggers(parsed);
            await using var association = await DicomClient.ConnectAsync(CommonOptions.Peer(parsed, peer), [new PresentationContextRequest(sopClass)],
                CommonOptions.ClientOptions(parsed), loggerFactory: loggers, cancellationToken: cancellationToken);
            var clock = Stopwatch.StartNew();
            var result = await association.MoveAsync(new CMoveRequest(sopClass, identifier, parsed.GetRequiredValue(destination)), Printed(), cancellationToken);
            await association.ReleaseAsync(cancellationToken);
            return Report("C-MOVE", result, clock);
        }));
        return command;
    }

    public static Command Get()
    {
        var peer = new Argument<string>("peer") { Description = "the Q/R SCP: AE@host:port, or a name from the peers file" };
        var output = new Option<string>("--output", "-od") { Description = "the folder the instances are written to", DefaultValueFactory = _ => "." };
        var classes = new Option<string[]>("--storage-class") { Description = "a storage SOP class to receive (UID or keyword); default: the common image, SR, PDF and presentation state classes" };
        var query = new QueryOptions(worklist: false);
        var command = new Command("get", "Retrieve what the keys select from a Q/R SCP with C-GET, into a folder, as getscu does.") { peer, output, classes };
        query.AddTo(command);
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var (sopClass, identifier) = query.Read(parsed, DimseRequestKind.Get);
            var folder = Directory.CreateDirectory(parsed.GetValue(output)!).FullName;
            var storage = RetrievedFiles.StorageClasses(parsed.GetValue(classes));
            using var loggers = CommonOptions.Loggers(parsed);
            // The instances come back as C-STOREs on this association: each storage class is proposed with the SCP role.
            PresentationContextRequest[] contexts = [new PresentationContextRequest(sopClass), .. storage.Select(uid => new PresentationContextRequest(uid) { ScpRole = true })];
            var files = new RetrievedFiles(folder);
            await using var association = await DicomClient.ConnectAsync(CommonOptions.Peer(parsed, peer), contexts, CommonOptions.ClientOptions(parsed),
                handler: files, loggerFactory: loggers, cancellationToken: cancellationToken);
            var clock = Stopwatch.StartNew();
            var result = await association.GetAsync(new CGetRequest(sopClass, identifier), Printed(), cancellationToken);
            await association.ReleaseAsync(cancellationToken);
            Console.Error.WriteLine($"{files.Written} file(s) written to {folder}");
            return Report("C-GET", result, clock);
        }));
        return command;
    }

    private static SynchronousProgress Printed() => new(p => Console.Error.WriteLine($"  {p.Completed} completed, {p.Failed} failed, {p.Warning} warning, {p.Remaining} remaining"));

    private static int Report(string what, RetrieveResult result, Stopwatch clock)
    {
        var counts = result.Counts;
        Console.WriteLine($"{what}: {StatusText.Describe(result.Response)}; {counts.Completed} completed, {counts.Failed} failed, {counts.Warning} warning in {clock.Elapsed.TotalMilliseconds:0} ms");
        foreach (var failed in result.FailedInstances)
        {
            Console.WriteLine($"  failed: {failed}");
        }

        return result.Status == DimseStatus.Success ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Reports on the receive loop's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<RetrieveProgress> report) : IProgress<RetrieveProgress>
    {
        public void Report(RetrieveProgress value) => report(value);
    }
}
