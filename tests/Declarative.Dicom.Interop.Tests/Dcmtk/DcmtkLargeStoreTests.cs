using System.Buffers.Binary;
using System.Security.Cryptography;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Dcmtk;

/// <summary>
/// A 288 MiB instance, larger than any dataset kept in memory (MaxDatasetLength, 192 MiB), both ways. From DCMTK's
/// storescu it is spooled to disk as it arrives and the handler saves it as a Part 10 file identical to what was
/// sent; from our requestor (<see cref="CStoreRequest.FromFile"/>) it is streamed from the file to DCMTK's storescp
/// and to our own acceptor. Either side allocates a small fraction of its size.
/// </summary>
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
            WriteLargeCt(Path, SopInstanceUid);
        }

        public const string SopInstanceUid = "1.2.826.0.1.3680043.2.1125.288";

        public string Path { get; }

        public void Dispose() => _temp.Dispose();
    }

    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const int Side = 12288; // 12288 x 12288 x 2 bytes = 288 MiB of pixel data

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

    /// <summary>Writes a CT file with <see cref="Side"/>² 16-bit pixels, streaming the pixel data rather than holding it.</summary>
    private static void WriteLargeCt(string path, string sopInstanceUid)
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.SOPClassUID, CtImageStorage).Set(DicomTag.SOPInstanceUID, sopInstanceUid)
            .Set(DicomTag.PatientName, "Large^Instance").Set(DicomTag.PatientID, "L1")
            .Set(DicomTag.StudyInstanceUID, sopInstanceUid + ".1").Set(DicomTag.SeriesInstanceUID, sopInstanceUid + ".2").Set(DicomTag.Modality, "CT")
            .Set<ushort>(DicomTag.SamplesPerPixel, 1).Set(DicomTag.PhotometricInterpretation, "MONOCHROME2")
            .Set<ushort>(DicomTag.Rows, Side).Set<ushort>(DicomTag.Columns, Side)
            .Set<ushort>(DicomTag.BitsAllocated, 16).Set<ushort>(DicomTag.BitsStored, 16).Set<ushort>(DicomTag.HighBit, 15).Set<ushort>(DicomTag.PixelRepresentation, 0);
        using var stream = File.Create(path);
        DicomFile.Create(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).WriteTo(stream);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0x0010);
        "OW"u8.CopyTo(header.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)(Side * Side * 2));
        stream.Write(header);
        var row = new byte[Side * 2];
        var random = new Random(11);
        for (var y = 0; y < Side; y++)
        {
            random.NextBytes(row);
            stream.Write(row);
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
        var port = LocalPorts.Free();
        using var storescp = new BackgroundProcess("storescp", "--aetitle", "STORESCP", "--output-directory", temp.Path, port.ToString());
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15));

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
