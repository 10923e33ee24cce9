using System.CommandLine;
using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Cli;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>`echo AE@host:port`: C-ECHO, printing the negotiated association and the round trip, as echoscu -v would.</summary>
internal static class EchoCommand
{
    public static Command Create()
    {
        var peer = new Argument<string>("peer") { Description = "the peer: AE@host:port, or a name from the peers file" };
        var count = new Option<int>("--repeat") { Description = "C-ECHOs to send on the association", DefaultValueFactory = _ => 1 };
        var command = new Command("echo", "Verify a peer with C-ECHO and show what was negotiated.") { peer, count };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var remote = CommonOptions.Peer(parsed, peer);
            var repeat = parsed.GetValue(count);
            if (repeat < 1)
            {
                throw new UsageException("--repeat must be at least 1");
            }

            using var loggers = CommonOptions.Loggers(parsed);
            var options = CommonOptions.ClientOptions(parsed);
            var clock = Stopwatch.StartNew();
            await using var association = await DicomClient.ConnectAsync(remote,
                [new PresentationContextRequest(CEchoRequest.VerificationSopClassUid)], options, loggerFactory: loggers, cancellationToken: cancellationToken);
            Console.WriteLine($"Association {options.AETitle} -> {remote} accepted in {clock.Elapsed.TotalMilliseconds:0.0} ms");
            AssociationText.Write(Console.Out, association.Info);
            var failed = false;
            for (var i = 0; i < repeat; i++)
            {
                clock.Restart();
                var response = await association.SendAsync(new CEchoRequest(), cancellationToken);
                Console.WriteLine($"C-ECHO: {StatusText.Describe(response)} in {clock.Elapsed.TotalMilliseconds:0.00} ms");
                failed |= !response.Status.IsSuccess;
            }

            await association.ReleaseAsync(cancellationToken);
            Console.WriteLine("Released.");
            return failed ? ExitCodes.Failure : ExitCodes.Ok;
        }));
        return command;
    }
}
