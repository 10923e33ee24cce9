namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>DCMTK's storescp as a peer: AE STORESCP on a free loopback port, storing into a folder; killed when disposed.</summary>
internal static class Storescp
{
    public static async Task<(BackgroundProcess Process, int Port)> StartAsync(string outputFolder, params string[] extraArguments)
    {
        var port = LocalPorts.Free();
        var process = new BackgroundProcess("storescp", ["--aetitle", "STORESCP", "--output-directory", outputFolder, .. extraArguments, port.ToString()]);
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15));
        return (process, port);
    }
}
