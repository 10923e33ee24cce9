using System.Diagnostics;
using System.Text;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>A peer process started for one test and killed when the test ends; its output is kept for failure messages.</summary>
internal sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public BackgroundProcess(string program, params string[] arguments)
        : this(program, new Dictionary<string, string>(), arguments)
    {
    }

    /// <summary>A process with variables added to its environment.</summary>
    public BackgroundProcess(string program, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(ExternalTool.Locate(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Waits until the process has printed <paramref name="text"/> (stdout or stderr); fails with what it printed after the timeout.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' did not appear within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}); output:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Sends SIGTERM, as a service manager stops a program, and returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        ExternalTool.Run("kill", "-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).EnsureSuccess("kill -TERM");
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or the OOM killer ends a program: no handler runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        ExternalTool.Run("kill", "-KILL", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).EnsureSuccess("kill -KILL");
        await _process.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }
}
