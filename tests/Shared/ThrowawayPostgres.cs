using System.Diagnostics;

namespace Declarative.Dicom.TestSupport;

/// <summary>
/// The PostgreSQL cluster the tests use: the one ./test.sh started (DECLARATIVE_DICOM_POSTGRES and _DIR in the environment),
/// or else one this process starts with tools/throwaway-postgres.sh and removes when it exits. Never skipped: without the
/// Debian postgresql package the tests that need it fail and say why.
/// </summary>
public static class ThrowawayPostgres
{
    private static readonly Lazy<(string ConnectionString, string Directory)> Cluster = new(Start);

    /// <summary>The cluster's connection string (database postgres, trust authentication on 127.0.0.1).</summary>
    public static string ConnectionString => Cluster.Value.ConnectionString;

    /// <summary>A schema name no other test uses: each test's tables start empty.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Stops the cluster (fast shutdown: the connections are cut).</summary>
    public static void Stop() => Script("stop", Cluster.Value.Directory);

    /// <summary>Starts the stopped cluster again on the same port.</summary>
    public static void StartAgain() => Script("restart", Cluster.Value.Directory);

    private static (string, string) Start()
    {
        if (Environment.GetEnvironmentVariable("DECLARATIVE_DICOM_POSTGRES") is { Length: > 0 } given
            && Environment.GetEnvironmentVariable("DECLARATIVE_DICOM_POSTGRES_DIR") is { Length: > 0 } givenDirectory)
        {
            return (given, givenDirectory);
        }

        var directory = Path.Combine(Path.GetTempPath(), "declarative-dicom-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var connectionString = Script("start", directory).Trim();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Script("remove", directory);
        return (connectionString, directory);
    }

    private static string Script(string command, string directory)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "tools", "throwaway-postgres.sh"), command, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/throwaway-postgres.sh {command} failed ({process.ExitCode}): {error.Result}");
        }

        return output.Result;
    }
}
