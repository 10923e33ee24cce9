using System.CommandLine;
using System.Globalization;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Cli;
using Declarative.Dicom.Tool.Listening;
using Declarative.Dicom.Tool.Web;

namespace Declarative.Dicom.Tool.Commands;

/// <summary>
/// `listen AE@host:port [--json] [--web]`: accepts the reports of every SOP class in the catalogue, prints each
/// as it arrives, answers it, and runs until Ctrl+C or SIGTERM.
/// </summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "our AE title and where to listen: AE@host:port (port 0 picks a free one)" };
        var json = new Option<bool>("--json") { Description = "one JSON line per report, with the Event Information as DICOM JSON" };
        var web = new Option<bool>("--web") { Description = "also serve a live page of associations, reports and commitment transactions" };
        var httpPort = new Option<int>("--http-port") { Description = "the live page's port (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var httpHost = new Option<string>("--http-host") { Description = "the live page's address", DefaultValueFactory = _ => "127.0.0.1" };
        var worklist = new Option<string?>("--worklist") { Description = "also answer Modality Worklist C-FINDs from the items of this folder (.wl, .dcm or DICOM JSON), as DCMTK's wlmscpfs does" };
        var status = new Option<string>("--status") { Description = "the status to answer every report with, in hex (testing a sender's handling of failures)", DefaultValueFactory = _ => "0000" };
        var command = new Command("listen", "Receive N-EVENT-REPORTs of every SOP class and print them until stopped.") { address, json, web, httpPort, httpHost, status, worklist };
        command.SetAction(DicomEventsCli.Guarded(async (parsed, cancellationToken) =>
        {
            var us = ParseAddress(parsed.GetRequiredValue(address));
            if (!ushort.TryParse(parsed.GetValue(status), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var answer))
            {
                throw new UsageException($"--status '{parsed.GetValue(status)}' is not a 16-bit hex status such as 0000 or 0110");
            }

            var asJson = parsed.GetValue(json);
            var listener = new ReportListener(answer);
            var output = TextWriter.Synchronized(Console.Out);
            listener.Received += report => output.WriteLine(asJson ? report.ToJson() : report.ToText());
            Action<AnsweredQuery> answered = query => output.WriteLine(asJson ? query.ToJson() : query.ToText());
            IDicomServiceHandler handler = listener;
            if (parsed.GetValue(worklist) is { } folder)
            {
                if (!Directory.Exists(folder))
                {
                    throw new UsageException($"--worklist {folder}: no such folder");
                }

                // Told through a delegate read at the end of each query, so that the live page set up below hears of it too.
                handler = new Declarative.Dicom.Hosting.CompositeServiceHandler([listener, new FolderWorklist(folder, query => answered(query), message => Console.Error.WriteLine($"warning: {message}"))]);
            }

            using var loggers = CommonOptions.Loggers(parsed);
            await using var server = new DicomServer(new DicomServerOptions { AETitle = us.AETitle, Host = us.Host, Port = us.Port }, handler, loggers);
            LivePage? page = null;
            if (parsed.GetValue(web))
            {
                var feed = new LiveFeed();
                listener.Received += report => feed.Publish(report.ToJson(forLivePage: true));
                answered += query => feed.Publish(query.ToJson(forLivePage: true));
                server.AssociationEstablished += feed.AssociationEstablished;
                server.AssociationEnded += feed.AssociationEnded;
                page = await LivePage.StartAsync(feed, parsed.GetRequiredValue(httpHost), parsed.GetValue(httpPort), cancellationToken);
            }

            try
            {
                server.Start();
                // Status lines go to stderr, so that --json's stdout is nothing but reports.
                Console.Error.WriteLine($"Listening as {us.AETitle} on {us.Host}:{server.Port}; Ctrl+C or SIGTERM stops.");
                if (page is not null)
                {
                    Console.Error.WriteLine($"Live page: {page.Address}");
                }

                await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                Console.Error.WriteLine("Stopping: answering what is in flight.");
                await server.StopAsync(drain: TimeSpan.FromSeconds(5));
                return ExitCodes.Ok;
            }
            finally
            {
                if (page is not null)
                {
                    await page.DisposeAsync();
                }
            }
        }));
        return command;
    }

    private static RemoteApplicationEntity ParseAddress(string text)
    {
        try
        {
            return RemoteApplicationEntity.Parse(text, allowAnyPort: true);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
