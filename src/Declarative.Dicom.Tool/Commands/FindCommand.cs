using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Dump;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>
/// `find PEER -k KEY[=VALUE]...`: C-FIND as findscu does, against a worklist (-W, the default) or a Patient or Study Root
/// Q/R SCP (-P, -S, with --level); each match printed in dcmdump's layout, or as one line of DICOM JSON with --json;
/// --cancel-after N sends C-CANCEL once N matches have arrived.
/// </summary>
internal static class FindCommand
{
    public static Command Create()
    {
        var peer = new Argument<string>("peer") { Description = "the peer: AE@host:port, or a name from the peers file" };
        var query = new QueryOptions(worklist: true);
        var json = new Option<bool>("--json") { Description = "each match as one line of DICOM JSON" };
        var cancelAfter = new Option<int?>("--cancel-after") { Description = "send C-CANCEL once this many matches have arrived" };
        var command = new Command("find", "Query a worklist or Q/R SCP with C-FIND, as findscu does.") { peer, json, cancelAfter };
        query.AddTo(command);
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var remote = CommonOptions.Peer(parsed, peer);
            var (sopClass, identifier) = query.Read(parsed, DimseRequestKind.Find);
            var limit = parsed.GetValue(cancelAfter);
            if (limit is < 1)
            {
                throw new UsageException("--cancel-after must be at least 1");
            }

            using var loggers = CommonOptions.Loggers(parsed);
            var clock = Stopwatch.StartNew();
            await using var association = await DicomClient.ConnectAsync(remote, [new PresentationContextRequest(sopClass)], CommonOptions.ClientOptions(parsed),
                loggerFactory: loggers, cancellationToken: cancellationToken);
            var matches = 0;
            try
            {
                await foreach (var match in association.FindAsync(sopClass, identifier, cancellationToken))
                {
                    matches++;
                    Console.Write(parsed.GetValue(json) ? DicomJsonWriter.Write(match) + Environment.NewLine : Text(matches, match));
                    if (matches == limit)
                    {
                        break; // leaving the loop sends C-CANCEL and reads the final response
                    }
                }
            }
            catch (DimseFailureException ex)
            {
                Console.Error.WriteLine($"C-FIND: {StatusText.Describe(ex.Response)} after {matches} match(es)");
                await association.ReleaseAsync(cancellationToken);
                return ExitCodes.Failure;
            }

            Console.Error.WriteLine(matches == limit
                ? $"C-FIND: cancelled after {matches} match(es), {clock.Elapsed.TotalMilliseconds:0} ms"
                : $"C-FIND: {matches} match(es), {clock.Elapsed.TotalMilliseconds:0} ms");
            await association.ReleaseAsync(cancellationToken);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Text(int number, DicomDataset match)
    {
        var text = new StringBuilder().Append("# Match ").Append(number).Append('\n');
        DcmdumpFormat.Dataset(text, match, DicomTransferSyntax.ExplicitVRLittleEndian, 0);
        return text.Append('\n').ToString();
    }
}
