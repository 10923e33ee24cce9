using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

/// <summary>
/// The reader refuses hostile lengths before allocating for them. Measured on this thread with a stream
/// that completes synchronously, so that nothing else in the process muddies the count.
/// </summary>
public class PduReaderTests
{
    [Fact]
    public async Task FourGiBPData_IsRefusedFromItsHeader_WithoutAllocatingForIt()
    {
        using var reader = new PduReader(new MemoryStream([0x04, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00]), 16 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = await Assert.ThrowsAsync<PduException>(async () => await reader.ReadAsync(CancellationToken.None));

        Assert.Equal(AbortReason.InvalidPduParameterValue, error.Reason);
        Assert.Contains("4294967295", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * 1024);
    }

    [Fact]
    public async Task LargeDeclaredAssociateRequest_CostsOnlyWhatArrives()
    {
        var bytes = new byte[6 + 200];
        bytes[0] = 0x01;
        bytes[2] = 0x00;
        bytes[3] = 0x0F; // declares 0x000F0000 = 983,040 bytes, sends 200
        using var reader = new PduReader(new MemoryStream(bytes), 16 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        await Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadAsync(CancellationToken.None));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public async Task AfterAFault_TheStreamIsDrainedNotReparsed()
    {
        byte[] bytes = [0x09, 0, 0, 0, 0, 4, 1, 2, 3, 4, 0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0];
        using var reader = new PduReader(new MemoryStream(bytes), 16 * 1024);

        await Assert.ThrowsAsync<PduException>(async () => await reader.ReadAsync(CancellationToken.None));

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TwoPdusInOneReceive_AreReturnedOneByOne()
    {
        byte[] bytes = [0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0];
        using var reader = new PduReader(new MemoryStream(bytes), 16 * 1024);

        Assert.Equal(PduType.ReleaseRequest, (await reader.ReadAsync(CancellationToken.None))!.Value.Type);
        Assert.Equal(PduType.ReleaseResponse, (await reader.ReadAsync(CancellationToken.None))!.Value.Type);
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }
}
