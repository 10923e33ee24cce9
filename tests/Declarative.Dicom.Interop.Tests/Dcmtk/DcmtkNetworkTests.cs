using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Dcmtk;

/// <summary>C-ECHO and C-STORE with DCMTK's echoscu, storescu and storescp, all on 127.0.0.1.</summary>
public class DcmtkNetworkTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string Verification = "1.2.840.10008.1.1";

    [Fact]
    public async Task Echoscu_IsAnsweredByOurAcceptor()
    {
        var handler = new RecordingHandler([new PresentationContextPolicy(Verification)]);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, handler).Start();

        var result = ExternalTool.Run("echoscu", "-v", "-aet", "DCMTKSCU", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString());

        result.EnsureSuccess("echoscu");
        Assert.Contains("Received Echo Response (Success)", result.StandardError + result.StandardOutput);
        var request = Assert.Single(handler.Requests);
        Assert.IsType<CEchoRequest>(request);
        Assert.Equal("DCMTKSCU", request.Association!.CallingAETitle);
        Assert.StartsWith("1.2.276.0.7230010.3", request.Association.PeerImplementationClassUid);
    }

    [Fact]
    public async Task Echoscu_WithTheWrongCalledAETitle_IsRejected()
    {
        var handler = new RecordingHandler([new PresentationContextPolicy(Verification)]);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, handler).Start();

        var result = ExternalTool.Run("echoscu", "-aec", "SOMEONEELSE", "127.0.0.1", server.Port.ToString());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", result.StandardError + result.StandardOutput);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Storescu_StoresIntoOurAcceptor_AndWeReadWhatItSent()
    {
        using var temp = new TempDirectory();
        var file = temp.File("ct.dcm");
        WriteCtFile(file, "1.2.3.4.5.6.7.8");
        var handler = new RecordingHandler([new PresentationContextPolicy(CtImageStorage)]);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, handler).Start();

        var result = ExternalTool.Run("storescu", "-v", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(), file);

        result.EnsureSuccess("storescu");
        var store = Assert.IsType<CStoreRequest>(Assert.Single(handler.Requests));
        Assert.Equal(CtImageStorage, store.SopClassUid);
        Assert.Equal("1.2.3.4.5.6.7.8", store.SopInstanceUid);
        Assert.Equal("Doe^Jane", store.Dataset.GetString(DicomTag.PatientName));
        Assert.Equal((ushort)64, store.Dataset.GetValue<ushort>(DicomTag.Rows));
        Assert.Equal(64 * 64 * 2, store.Dataset.GetBytes(DicomTag.PixelData).Length);
    }

    [Fact]
    public async Task Storescu_WithAClassWeDoNotServe_GetsTheContextRejected()
    {
        using var temp = new TempDirectory();
        var file = temp.File("ct.dcm");
        WriteCtFile(file, "1.2.3.4.5.6.7.9");
        var handler = new RecordingHandler([new PresentationContextPolicy(Verification)]);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, handler).Start();

        var result = ExternalTool.Run("storescu", "-aec", "OURSCP", "127.0.0.1", server.Port.ToString(), file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("No Acceptable Presentation Contexts", result.StandardError + result.StandardOutput);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task OurRequestor_EchoesAndStoresIntoStorescp()
    {
        using var temp = new TempDirectory();
        var (storescp, port) = await Storescp.StartAsync(temp.Path, "--accept-all");
        using var _ = storescp;
        var dataset = CtDataset("1.2.3.4.5.6.7.10");

        await using (var association = await DicomClient.ConnectAsync(
            new RemoteApplicationEntity("STORESCP", "127.0.0.1", port),
            [new PresentationContextRequest(Verification), new PresentationContextRequest(CtImageStorage)],
            new DicomClientOptions { AETitle = "OURSCU" }))
        {
            var echo = await association.SendAsync(new CEchoRequest());
            var store = await association.SendAsync(new CStoreRequest(dataset));
            Assert.Equal(DimseStatus.Success, echo.Status);
            Assert.Equal(DimseStatus.Success, store.Status);
            Assert.Equal("1.2.3.4.5.6.7.10", store.Command!.AffectedSopInstanceUid);
            await association.ReleaseAsync();
        }

        var stored = Assert.Single(Directory.GetFiles(temp.Path, "CT.*"));
        var dump = ExternalTool.Run("dcmdump", "+L", stored).EnsureSuccess("dcmdump").StandardOutput;
        Assert.Contains("(0010,0010) PN [Doe^Jane]", dump);
        Assert.Contains("(0008,0018) UI [1.2.3.4.5.6.7.10]", dump);
    }

    private static DicomDataset CtDataset(string sopInstanceUid)
    {
        var pixels = new byte[64 * 64 * 2];
        new Random(7).NextBytes(pixels);
        return new DicomDataset()
            .Set(DicomTag.SOPClassUID, CtImageStorage)
            .Set(DicomTag.SOPInstanceUID, sopInstanceUid)
            .Set(DicomTag.StudyInstanceUID, "1.2.3.4.5")
            .Set(DicomTag.SeriesInstanceUID, "1.2.3.4.5.6")
            .Set(DicomTag.Modality, "CT")
            .Set(DicomTag.PatientName, "Doe^Jane")
            .Set(DicomTag.PatientID, "PID-1")
            .Set<ushort>(DicomTag.SamplesPerPixel, 1)
            .Set(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .Set<ushort>(DicomTag.Rows, 64)
            .Set<ushort>(DicomTag.Columns, 64)
            .Set<ushort>(DicomTag.BitsAllocated, 16)
            .Set<ushort>(DicomTag.BitsStored, 12)
            .Set<ushort>(DicomTag.HighBit, 11)
            .Set<ushort>(DicomTag.PixelRepresentation, 0)
            .SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
    }

    internal static void WriteCtFile(string path, string sopInstanceUid)
    {
        using var stream = File.Create(path);
        DicomFile.Create(CtDataset(sopInstanceUid), DicomTransferSyntax.ExplicitVRLittleEndian).WriteTo(stream);
    }
}
