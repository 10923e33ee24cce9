using System.CommandLine;
using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Commitment;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>
/// `commit AE@host:port --listen AE@host:port file.dcm...`: storage commitment end to end. Stores the files,
/// asks for their commitment, waits for the report on the same association or on a new one to --listen,
/// and prints each instance's result. Exit 0 when every instance is committed, 1 when any failed, 2 on time-out.
/// </summary>
internal static class CommitCommand
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var peer = new Argument<string>("peer") { Description = "the storage-commitment SCP: AE@host:port, or a name from the peers file" };
        var files = new Argument<string[]>("file") { Description = "Part 10 files to store and commit", Arity = ArgumentArity.OneOrMore };
        var listen = new Option<string?>("--listen") { Description = "our AE title and address for a report on a new association: AE@host:port (the SCP must know it)" };
        var noStore = new Option<bool>("--no-store") { Description = "ask for commitment of instances the SCP already has; do not C-STORE them" };
        var command = new Command("commit", "Store instances, request their storage commitment and wait for the report.") { peer, files, listen, noStore };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var remote = CommonOptions.Peer(parsed, peer);
            var options = CommonOptions.ClientOptions(parsed);
            var timeout = CommonOptions.TimeoutOf(parsed);
            var instances = parsed.GetRequiredValue(files).Select(Load).ToList();
            var reports = new CommitmentReports();
            using var loggers = CommonOptions.Loggers(parsed);

            DicomServer? server = null;
            if (parsed.GetValue(listen) is { } listenText)
            {
                var us = CommonOptions.PeerDirectoryOf(parsed).Resolve(listenText);
                options.AETitle = us.AETitle;
                server = new DicomServer(new DicomServerOptions { AETitle = us.AETitle, Host = us.Host, Port = us.Port }, reports, loggers).Start();
                Console.WriteLine($"Listening for the report as {us.AETitle} on {us.Host}:{server.Port}.");
            }

            try
            {
                await using var association = await DicomClient.ConnectAsync(remote,
                    // Each file goes out as stored (streamed, never loaded whole), so each is proposed in its own transfer syntax.
                    [.. instances.Select(i => (i.SopClassUid, i.TransferSyntaxUid)).Distinct()
                        .Select(c => new PresentationContextRequest(c.SopClassUid) { TransferSyntaxes = [c.TransferSyntaxUid] }),
                     new PresentationContextRequest(SopClass.StorageCommitmentPushModel)],
                    options, reports, loggers, cancellationToken);
                Console.WriteLine($"Association {options.AETitle} -> {remote} accepted.");
                if (!parsed.GetValue(noStore) && !await StoreAsync(association, instances, cancellationToken))
                {
                    return ExitCodes.Failure;
                }

                var transaction = DicomUid.Generate();
                var request = StorageCommitmentRequest.Create(transaction,
                    instances.Select(i => StorageCommitmentRequest.ReferencedSOPSequenceItem.Create(i.SopClassUid, i.SopInstanceUid)));
                var action = await association.SendAsync(request.ToRequest(WellKnownSopInstance.StorageCommitmentPushModel), cancellationToken);
                Console.WriteLine($"N-ACTION commitment request, transaction {transaction}: {StatusText.Describe(action)}");
                if (action.Status.Category == DimseStatusCategory.Failure)
                {
                    return ExitCodes.Failure;
                }

                var outcome = await WaitAsync(reports, transaction, timeout, cancellationToken);
                if (association.State == AssociationState.Sta6)
                {
                    await association.ReleaseAsync(cancellationToken);
                }

                if (outcome is null)
                {
                    Console.Error.WriteLine($"error: no report for transaction {transaction} within {timeout.TotalSeconds:0} s");
                    return ExitCodes.TimedOut;
                }

                return Print(outcome, instances) ? ExitCodes.Ok : ExitCodes.Failure;
            }
            finally
            {
                if (server is not null)
                {
                    // Let the report's response go out before leaving.
                    await server.StopAsync(drain: TimeSpan.FromSeconds(5));
                }
            }
        }));
        return command;
    }

    private sealed record Instance(string Path, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid);

    /// <summary>What the file's meta information says of it; the dataset itself is not read (it is streamed when stored).</summary>
    private static Instance Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file");
        }

        var meta = DicomFile.ReadHeader(path).FileMetaInformation;
        string Required(DicomTag tag) => meta.GetStringOrDefault(tag) ?? throw new DicomDataException($"{path} has no {tag.Keyword} in its meta information");
        return new Instance(path, Required(DicomTag.MediaStorageSOPClassUID), Required(DicomTag.MediaStorageSOPInstanceUID), Required(DicomTag.TransferSyntaxUID));
    }

    private static async Task<bool> StoreAsync(DicomAssociation association, IReadOnlyList<Instance> instances, CancellationToken cancellationToken)
    {
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[i];
            var stored = await association.SendAsync(CStoreRequest.FromFile(instance.Path), cancellationToken);
            Console.WriteLine($"C-STORE {i + 1}/{instances.Count} {instance.SopInstanceUid}: {StatusText.Describe(stored)}");
            if (stored.Status.Category == DimseStatusCategory.Failure)
            {
                Console.Error.WriteLine($"error: {instance.Path} was not stored; no commitment asked");
                return false;
            }
        }

        return true;
    }

    /// <summary>The report for <paramref name="transaction"/>, or null on time-out; a line of progress every two seconds.</summary>
    private static async Task<CommitmentOutcome?> WaitAsync(CommitmentReports reports, string transaction, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Waiting up to {timeout.TotalSeconds:0} s for the N-EVENT-REPORT ...");
        while (clock.Elapsed < timeout)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(Min(ProgressEvery, timeout - clock.Elapsed));
            try
            {
                var outcome = await reports.Outcomes.ReadAsync(tick.Token);
                if (outcome.TransactionUid == transaction)
                {
                    Console.WriteLine($"Report from {outcome.From} after {clock.Elapsed.TotalSeconds:0.0} s.");
                    return outcome;
                }

                Console.WriteLine($"  (a report for another transaction, {outcome.TransactionUid}, was answered)");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Console.WriteLine($"  still waiting: {clock.Elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0} s");
            }
        }

        return null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Each instance asked for, with what the report says of it; true when every one is committed.</summary>
    private static bool Print(CommitmentOutcome outcome, IReadOnlyList<Instance> instances)
    {
        var committed = 0;
        foreach (var instance in instances)
        {
            var reported = outcome.Instances.TryGetValue(instance.SopInstanceUid, out var reason);
            string line;
            if (!reported)
            {
                line = $"MISSING    {instance.SopInstanceUid}: not in the report";
            }
            else if (reason is { } failure)
            {
                line = $"FAILED     {instance.SopInstanceUid}: {FailureReasons.Describe(failure)} (0x{failure:X4})";
            }
            else
            {
                line = $"committed  {instance.SopInstanceUid}";
                committed++;
            }

            Console.WriteLine($"  {line}  {instance.Path}");
        }

        Console.WriteLine(committed == instances.Count
            ? $"All {committed} instance(s) committed."
            : $"{committed} of {instances.Count} instance(s) committed; the SCP does not commit to keep the others.");
        return committed == instances.Count;
    }
}
