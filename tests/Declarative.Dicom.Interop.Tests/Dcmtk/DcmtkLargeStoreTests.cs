using System.Buffers.Binary;
using System.Security.Cryptography;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Dcmtk;

/// <summary>
/// A 288 MiB instance from DCMTK's storescu, larger than any dataset kept in memory (MaxDatasetLength, 192 MiB):
/// it is spooled to disk as it arrives, the handler saves it as a Part 10 file identical to what was sent, and the
/// receiving side allocates a small fraction of its size.
/// </summary>
public class DcmtkLargeStoreTests
{
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

    [Fact]
    public async Task Storescu288MiB_IsSpooled_SavedIdentically_InBoundedMemory()
    {
        using var temp = new TempDirectory();
        var sent = temp.File("large.dcm");
        WriteLargeCt(sent, "1.2.826.0.1.3680043.2.1125.288");
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
}
