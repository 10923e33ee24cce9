using System.Diagnostics;
using System.Globalization;

namespace Declarative.Dicom.Benchmarks;

/// <summary>What the profiles that run peers in processes of their own share: starting them, waiting for them, their peak memory.</summary>
internal static class ProfileProcesses
{
    /// <summary>Peak resident set size of a process in KiB (VmHWM of /proc/PID/status).</summary>
    public static long PeakResidentKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public static Process Start(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    /// <summary>This program in another process, as `dotnet Benchmarks.dll …` or through its apphost, whichever started this one.</summary>
    public static Process StartSelf(params string[] arguments) =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet"
            ? Start(Environment.ProcessPath!, [typeof(ProfileProcesses).Assembly.Location, .. arguments])
            : Start(Environment.ProcessPath!, arguments);

    public static async Task WaitUntilListeningAsync(int port)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nothing listens on {port}");
    }

    public static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
