using System.Runtime.InteropServices;

namespace Declarative.Dicom.Hosting;

/// <summary>
/// For a console program that serves until it is stopped, without the Generic Host: completes on SIGTERM (a service
/// manager's stop, <c>docker stop</c>) or SIGINT (Ctrl+C), and takes the signal over so that the runtime does not end the
/// process at once. The program then drains (<see cref="Network.DicomServer.StopAsync"/>) and returns its own exit code;
/// left to the runtime, SIGTERM ends it with 143 and nothing drains.
/// </summary>
public static class StopSignal
{
    public static async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.TrySetResult(); });
        await stop.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
