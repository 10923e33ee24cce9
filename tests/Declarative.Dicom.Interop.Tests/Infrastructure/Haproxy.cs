namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// HAProxy (Debian's haproxy 2.6) in the foreground with a configuration the test writes: <c>mode tcp</c>, bound to
/// 127.0.0.1 only. Stopped when the test ends.
/// </summary>
internal sealed class Haproxy : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly BackgroundProcess _process;

    /// <param name="sections">Frontends and backends; the global and default sections are written here.</param>
    /// <param name="ports">The ports the frontends bind: waited for before the constructor's task completes.</param>
    private Haproxy(string configFile, IReadOnlyDictionary<string, string> environment)
    {
        _process = new BackgroundProcess("haproxy", environment, "-db", "-f", configFile);
    }

    private Haproxy(string sections)
    {
        var config = _folder.File("haproxy.cfg");
        File.WriteAllText(config, $"""
            global
                log stdout format raw local0 info
            defaults
                mode tcp
                log global
                option tcplog
                timeout connect 2s
                timeout client 60s
                timeout server 60s
            {sections}

            """);
        var check = ExternalTool.Run("haproxy", "-c", "-f", config);
        check.EnsureSuccess("haproxy -c (the test's configuration)");
        _process = new BackgroundProcess("haproxy", "-db", "-f", config);
    }

    public string Output => _process.Output;

    public static Task<Haproxy> StartAsync(string sections, params int[] ports) => WaitForAsync(new Haproxy(sections), ports);

    /// <summary>A configuration file of the repository (deploy/haproxy.cfg), its addresses given in the environment as HAProxy reads them.</summary>
    public static Task<Haproxy> StartFileAsync(string configFile, IReadOnlyDictionary<string, string> environment, params int[] ports) =>
        WaitForAsync(new Haproxy(configFile, environment), ports);

    private static async Task<Haproxy> WaitForAsync(Haproxy proxy, int[] ports)
    {
        foreach (var port in ports)
        {
            await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10));
        }

        return proxy;
    }

    public void Dispose()
    {
        _process.Dispose();
        _folder.Dispose();
    }
}
