using System.Security.Cryptography;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;
using Declarative.Dicom.TestSupport;

namespace Declarative.Dicom.Interop.Tests.Dcmtk;

/// <summary>
/// A 288 MiB instance, larger than any dataset kept in memory (MaxDatasetLength, 192 MiB), both ways. From DCMTK's
/// storescu it is spooled to disk as it arrives and the handler saves it as a Part 10 file identical to what was
/// sent; from our requestor (<see cref="CStoreRequest.FromFile"/>) it is streamed from the file to DCMTK's storescp
/// and to our own acceptor. Either side allocates a small fraction of its size.
/// </summary>
[Collection(MeasuresProcessAllocations.Name)]
public class DcmtkLargeStoreTests : IClassFixture<DcmtkLargeStoreTests.LargeFile>
{
    private readonly LargeFile _file;

    public DcmtkLargeStoreTests(LargeFile file) => _file = file;

    /// <summary>The 288 MiB CT, written once for the class.</summary>
    public sealed class LargeFile : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public LargeFile()
        {
            Path = _temp.File("large.dcm");
            LargeCtFile.Write(Path, SopInstanceUid, Side, Side, seed: 11);
        }

        public const string SopInstanceUid = "1.2.826.0.1.3680043.2.1125.288";

        public string Path { get; }

        public void Dispose() => _temp.Dispose();
    }

    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const ushort Side = 12288; // 12288 x 12288 x 2 bytes = 288 MiB of pixel data

    /// <summary>Saves each instance it is sent next to the test's files, and says whether it came spooled.</summary>
    private sealed class SavingHandler(string folder) : IDicomServiceHandler
    {
        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = [new PresentationContextPolicy(CtImageStorage)];

        public List<(bool Spooled, string Saved)> Stored { get; } = [];

        public async ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            var store = (CStoreRequest)request;
            var saved = Path.Combine(folder, store.SopInstanceUid + ".dcm");
            await store.SaveAsPart10Async(saved, cancellationToken);
            Stored.Add((store.IsSpooled, saved));
            return new DimseResponse(DimseStatus.Success);
        }
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    /// <summary>The hash of a Part 10 file's dataset alone: two writers' meta information differs (implementation UID), the dataset may not.</summary>
    private static string DatasetHash(string path)
    {
        var header = DicomFile.ReadHeader(path);
        using var stream = File.OpenRead(path);
        stream.Position = header.DatasetOffset;
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    [Fact]
    public async Task Storescu288MiB_IsSpooled_SavedIdentically_InBoundedMemory()
    {
        using var temp = new TempDirectory();
        var sent = _file.Path;
        var handler = new SavingHandler(temp.Path);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0, SpoolDirectory = temp.File("spool") }, handler).Start();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = ExternalTool.Run("storescu", TimeSpan.FromMinutes(5), "-aec", "OURSCP", "-xe", "127.0.0.1", server.Port.ToString(), sent);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        result.EnsureSuccess("storescu of a 288 MiB instance");
        var (spooled, saved) = Assert.Single(handler.Stored);
        Assert.True(spooled, "the instance came spooled to disk");
        Assert.Equal(Hash(sent), Hash(saved));
        Assert.Empty(Directory.GetFiles(temp.File("spool")));
        // 288 MiB crossed the wire; what the process allocated meanwhile (other tests run in parallel too) stays far below.
        Assert.True(allocated < 96L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated while receiving 288 MiB");
    }

    [Fact]
    public async Task OurRequestor_Streams288MiBFromTheFile_ToStorescp_WhichStoresTheSameDataset()
    {
        using var temp = new TempDirectory();
        var (storescp, port) = await Storescp.StartAsync(temp.Path);
        using var _ = storescp;

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var response = await StoreAsync(new RemoteApplicationEntity("STORESCP", "127.0.0.1", port));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(DimseStatus.Success, response.Status);
        var stored = Assert.Single(Directory.GetFiles(temp.Path, "CT.*"));
        Assert.Equal(DatasetHash(_file.Path), DatasetHash(stored));
        Assert.True(allocated < 96L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated while sending 288 MiB");
    }

    [Fact]
    public async Task OurRequestor_Streams288MiBFromTheFile_ToOurAcceptor_WhichSavesItIdentically()
    {
        using var temp = new TempDirectory();
        var handler = new SavingHandler(temp.Path);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0, SpoolDirectory = temp.File("spool") }, handler).Start();

        var response = await StoreAsync(new RemoteApplicationEntity("OURSCP", "127.0.0.1", server.Port));

        Assert.Equal(DimseStatus.Success, response.Status);
        var (spooled, saved) = Assert.Single(handler.Stored);
        Assert.True(spooled);
        Assert.Equal(Hash(_file.Path), Hash(saved));
    }

    [Fact]
    public async Task AFileInATransferSyntaxNoContextAccepted_IsRefusedWithTheReason_BeforeAnythingIsSent()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, new SavingHandler(Path.GetTempPath())).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("OURSCP", "127.0.0.1", server.Port),
            [new PresentationContextRequest(CtImageStorage) { TransferSyntaxes = [DicomTransferSyntax.ImplicitVRLittleEndian.Uid] }]);

        var error = await Assert.ThrowsAsync<DicomAssociationException>(() => association.SendAsync(CStoreRequest.FromFile(_file.Path)).AsTask());

        Assert.Contains("in 1.2.840.10008.1.2.1 (LittleEndianExplicitTransferSyntax) (the file's transfer syntax, sent as stored)", error.Message);
        await association.ReleaseAsync();
    }

    /// <summary>One C-STORE of the large file, proposed in its own transfer syntax, sent as stored.</summary>
    private async Task<DimseResponse> StoreAsync(RemoteApplicationEntity peer)
    {
        await using var association = await DicomClient.ConnectAsync(peer,
            [new PresentationContextRequest(CtImageStorage) { TransferSyntaxes = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid] }],
            new DicomClientOptions { AETitle = "OURSCU", DimseTimeout = TimeSpan.FromMinutes(5) });
        var response = await association.SendAsync(CStoreRequest.FromFile(_file.Path));
        await association.ReleaseAsync();
        return response;
    }
}
