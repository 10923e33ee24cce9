using Declarative.Dicom.Data;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>DCMTK's wlmscpfs as a peer: AE WLMSCP on a free loopback port, serving worklist items written as .wl files; killed when disposed.</summary>
internal static class Wlmscpfs
{
    public const string AETitle = "WLMSCP";

    public static async Task<(BackgroundProcess Process, int Port)> StartAsync(string folder, IEnumerable<DicomDataset> items)
    {
        // wlmscpfs serves the folder named by the called AE title, which holds a lockfile and one file per item.
        var aeFolder = Path.Combine(folder, AETitle);
        Directory.CreateDirectory(aeFolder);
        File.WriteAllText(Path.Combine(aeFolder, "lockfile"), string.Empty);
        var n = 0;
        foreach (var item in items)
        {
            // A worklist item is no SOP instance: the file's meta information names the worklist model and a made-up instance.
            await using var stream = File.Create(Path.Combine(aeFolder, $"item{++n:D5}.wl"));
            using var dataset = new MemoryStream(item.Encode(DicomTransferSyntax.ExplicitVRLittleEndian));
            await DicomFile.WriteAsync(stream, SopClass.FINDModalityWorklistInformationModel, $"2.25.{n}", DicomTransferSyntax.ExplicitVRLittleEndian, dataset);
        }

        var port = LocalPorts.Free();
        // -dfr: our items need not carry every attribute wlmscpfs would require of a complete worklist file.
        var process = new BackgroundProcess("wlmscpfs", "-dfr", "-dfp", folder, port.ToString());
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15));
        return (process, port);
    }
}
