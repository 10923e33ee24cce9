using System.CommandLine;
using Declarative.Dicom.Network;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>Options every network command takes, declared once and added to the root as recursive options.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Peers = new("--peers")
    {
        Description = "JSON file naming remote AEs ({ \"peers\": { \"pacs\": \"AE@host:port\" } }); default $DICOM_EVENTS_PEERS or ~/.config/dicom-events/peers.json",
        Recursive = true,
    };

    public static readonly Option<string> CallingAE = new("--aet")
    {
        Description = "our AE title when we open an association",
        DefaultValueFactory = _ => "DICOM-EVENTS",
        Recursive = true,
    };

    public static readonly Option<double> Timeout = new("--timeout")
    {
        Description = "seconds to wait for the peer (connect, association, response, report)",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "log the association's negotiation and PDUs",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Peers);
        root.Options.Add(CallingAE);
        root.Options.Add(Timeout);
        root.Options.Add(Verbose);
    }

    public static RemoteApplicationEntity Peer(ParseResult parsed, Argument<string> argument) =>
        PeerDirectoryOf(parsed).Resolve(parsed.GetRequiredValue(argument));

    public static PeerDirectory PeerDirectoryOf(ParseResult parsed) => PeerDirectory.Load(parsed.GetValue(Peers));

    public static TimeSpan TimeoutOf(ParseResult parsed)
    {
        var seconds = parsed.GetValue(Timeout);
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--timeout must be a positive number of seconds");
    }

    public static DicomClientOptions ClientOptions(ParseResult parsed)
    {
        var aeTitle = parsed.GetRequiredValue(CallingAE);
        if (aeTitle.Length is 0 or > 16)
        {
            throw new UsageException($"--aet '{aeTitle}' is not an AE title of 1 to 16 characters");
        }

        var timeout = TimeoutOf(parsed);
        return new DicomClientOptions { AETitle = aeTitle, ConnectTimeout = timeout, AcseTimeout = timeout, DimseTimeout = timeout };
    }

    public static ILoggerFactory Loggers(ParseResult parsed) => LoggerFactory.Create(b => b
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddFilter(level => level >= (parsed.GetValue(Verbose) ? LogLevel.Debug : LogLevel.Warning)));
}
