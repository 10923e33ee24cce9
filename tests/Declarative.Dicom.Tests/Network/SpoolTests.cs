using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>A C-STORE dataset past the spool threshold goes to a file as it arrives, outside the budget; the handler reads or saves it; the file goes when answered.</summary>
public sealed class SpoolTests : IDisposable
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private readonly string _folder = Directory.CreateTempSubdirectory("spool-tests-").FullName;

    private static DicomDataset Instance(int pixelBytes)
    {
        var pixels = new byte[pixelBytes];
        new Random(3).NextBytes(pixels);
        return new DicomDataset().Set(DicomTag.SOPClassUID, CtImageStorage).Set(DicomTag.SOPInstanceUID, "1.2.3.77")
            .Set(DicomTag.PatientID, "P77").SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
    }

    [Fact]
    public async Task LargeStore_IsSpooled_ReadableAndSavable_AndTheFileIsGoneAfterTheResponse()
    {
        var spool = Path.Combine(_folder, "spool");
        (bool Spooled, string? Path, string PatientId, long BudgetInFlight)? seen = null;
        DicomServer? server = null;
        var handler = new TestHandler([new PresentationContextPolicy(CtImageStorage)], request =>
        {
            var store = (CStoreRequest)request;
            store.SaveAsPart10Async(Path.Combine(_folder, "saved.dcm")).GetAwaiter().GetResult();
            seen = (store.IsSpooled, store.SpoolPath, store.Dataset.GetString(DicomTag.PatientID), server!.Budget.InFlight);
            return new DimseResponse(DimseStatus.Success);
        });
        server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, CStoreSpoolThreshold = 64 * 1024, SpoolDirectory = spool }, handler).Start();
        await using (server)
        {
            var instance = Instance(1024 * 1024);
            await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(CtImageStorage)]);
            Assert.Equal(DimseStatus.Success, (await association.SendAsync(new CStoreRequest(instance))).Status);
            await association.ReleaseAsync();

            var (spooled, path, patientId, inFlight) = seen!.Value;
            Assert.True(spooled);
            Assert.StartsWith(spool, path);
            Assert.False(File.Exists(path));
            Assert.Equal("P77", patientId);
            Assert.Equal(0, inFlight);
            var saved = DicomFile.Open(Path.Combine(_folder, "saved.dcm"));
            Assert.Equal(instance.GetBytes(DicomTag.PixelData).ToArray(), saved.Dataset.GetBytes(DicomTag.PixelData).ToArray());
            Assert.Equal("1.2.3.77", saved.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID));
        }
    }

    [Fact]
    public async Task SmallStore_StaysInMemory()
    {
        bool? spooled = null;
        var handler = new TestHandler([new PresentationContextPolicy(CtImageStorage)], request =>
        {
            spooled = ((CStoreRequest)request).IsSpooled;
            return new DimseResponse(DimseStatus.Success);
        });
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "US", Port = 0, CStoreSpoolThreshold = 64 * 1024, SpoolDirectory = Path.Combine(_folder, "spool") }, handler).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("US", "127.0.0.1", server.Port), [new PresentationContextRequest(CtImageStorage)]);

        Assert.Equal(DimseStatus.Success, (await association.SendAsync(new CStoreRequest(Instance(1024)))).Status);
        await association.ReleaseAsync();

        Assert.False(spooled);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
