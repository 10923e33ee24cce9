using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Services;

/// <summary>A dataset that does not decode surfaces when it is used: here, when the generated dispatch validates it.</summary>
public class DecodeFailureTests
{
    [Fact]
    public async Task MalformedEventInformation_Answers0110_AndTheHandlerIsNotCalled()
    {
        var handlers = new ContractHandlers();
        var context = new NegotiatedContext(1, SopClass.StorageCommitmentPushModel, DicomTransferSyntax.ImplicitVRLittleEndian.Uid, PresentationContextResult.Acceptance, false, true, true);
        var broken = DicomDataset.Decode(new byte[] { 0x08, 0x00, 0x95, 0x11, 0xFF, 0x00, 0x00, 0x00 }, DicomTransferSyntax.ImplicitVRLittleEndian);
        var request = new NEventReportRequest(SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", 1, broken);
        var invoker = new HandlerInvoker(handlers, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var response = await invoker.InvokeAsync(request, context, "test", CancellationToken.None);

        Assert.Equal(DimseStatus.ProcessingFailure, response.Status);
        Assert.StartsWith("DicomDecodeException: Malformed dataset at byte offset 0, element (0008,1195)", response.ErrorComment);
        Assert.Empty(handlers.Calls);
    }
}
