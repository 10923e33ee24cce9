using System.CommandLine;
using System.Text.Json;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Commands;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>The command tree, and the one place where what went wrong becomes an exit code and a line on stderr.</summary>
internal static class DicomEventsCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("dicom-events: test DICOM peers from a shell; listen for, send and watch N-EVENT-REPORTs.");
        CommonOptions.AddTo(root);
        root.Subcommands.Add(EchoCommand.Create());
        root.Subcommands.Add(ListenCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(CommitCommand.Create());
        root.Subcommands.Add(FindCommand.Create());
        root.Subcommands.Add(RetrieveCommands.Move());
        root.Subcommands.Add(RetrieveCommands.Get());
        root.Subcommands.Add(UpsCommands.Create());
        root.Subcommands.Add(UpsRsCommands.Create());
        root.Subcommands.Add(DumpCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("Try 'dicom-events --help'.");
            return ExitCodes.Usage;
        }

        // SIGTERM cancels the command's token; the command then drains (`listen`: 5 s), unsubscribes (`ups watch`) and closes
        // its live page (2 s). System.CommandLine's default would kill the process with 143 two seconds after the signal.
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
    }

    /// <summary>Runs a command's body and maps what it throws to DCMTK-style exit codes; the message goes to stderr.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (parsed, cancellationToken) =>
        {
            try
            {
                return await body(parsed, cancellationToken);
            }
            catch (UsageException ex)
            {
                return Fail(ex.Message + Environment.NewLine + "Try 'dicom-events --help'.", ExitCodes.Usage);
            }
            catch (DicomAssociationTimeoutException ex)
            {
                return Fail(ex.Message, ExitCodes.TimedOut);
            }
            catch (Exception ex) when (ex is DicomAssociationException or DicomDataException or IOException or JsonException or UnauthorizedAccessException
                or HttpRequestException or System.Net.WebSockets.WebSocketException or Declarative.Dicom.Web.UpsRsRefusedException)
            {
                return Fail(ex.Message, ExitCodes.Failure);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail("interrupted", ExitCodes.Failure);
            }
        };

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
