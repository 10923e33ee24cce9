using System.Diagnostics;
using System.Text;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>Runs a peer's command-line tool and captures what it printed. A missing tool is a failure, not a skip.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public Result EnsureSuccess(string what)
        {
            if (ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            return this;
        }
    }

    public static Result Run(string program, params string[] arguments) => Run(program, TimeSpan.FromSeconds(60), arguments);

    public static Result Run(string program, TimeSpan timeout, params string[] arguments)
    {
        var path = Locate(program);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Locate(string program)
    {
        // /usr/sbin too: Orthanc installs there, and a CI shell's PATH may leave it out.
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"'{program}' is not installed. ./test.sh installs the interop peers (Debian packages dcmtk and orthanc, npm dcmjs-dimse); run it, or install them by hand.");
    }
}
