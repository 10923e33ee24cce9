using Declarative.Dicom.Network;

namespace StorageCommitmentSample;

/// <summary>The sample's arguments. Bad ones are a <see cref="UsageException"/>, which the program turns into usage and exit code 64.</summary>
public sealed record CommandLine(RemoteApplicationEntity? Peer, RemoteApplicationEntity? Listen, IReadOnlyList<string> Store, TimeSpan Timeout, bool Verbose)
{
    public const string Usage = """
        Usage:
          StorageCommitment                                  demo: an embedded storage-commitment SCP on a free loopback port
          StorageCommitment --peer AET@host:port --listen AET@host:port [--store FILE ...] [--timeout SECONDS]
                                                             ask a real PACS to commit the stored files; exit 0 when all are
                                                             committed, 2 when the report lists failures, 1 on errors
          StorageCommitment --listen AET@host:port           only listen for reports until Ctrl+C or SIGTERM
        Options:
          --verbose                                          log every association event
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        RemoteApplicationEntity? peer = null, listen = null;
        var store = new List<string>();
        var timeout = TimeSpan.FromSeconds(30);
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--peer":
                    peer = Endpoint(Next());
                    break;
                case "--listen":
                    listen = Endpoint(Next());
                    break;
                case "--store":
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        store.Add(args[++i]);
                    }

                    break;
                case "--timeout":
                    timeout = int.TryParse(Next(), out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--timeout takes a positive number of seconds");
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    throw new UsageException($"unknown argument '{args[i]}'");
            }
        }

        if (peer is not null && listen is null)
        {
            throw new UsageException("--peer needs --listen: the report comes back to the listener's AE title, host and port");
        }

        if (store.Count > 0 && peer is null)
        {
            throw new UsageException("--store needs --peer");
        }

        foreach (var file in store.Where(f => !File.Exists(f)))
        {
            throw new UsageException($"no such file: {file}");
        }

        return new CommandLine(peer, listen, store, timeout, verbose);
    }

    private static RemoteApplicationEntity Endpoint(string text)
    {
        try
        {
            return RemoteApplicationEntity.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}

public sealed class UsageException(string message) : Exception(message);
