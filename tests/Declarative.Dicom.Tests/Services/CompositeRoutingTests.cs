using Declarative.Dicom.Data;
using Declarative.Dicom.Hosting;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.Services;

/// <summary>One server, two classes serving one SOP class in two roles: each request reaches the class for its role.</summary>
public partial class CompositeRoutingTests
{
    public partial class CommitScp
    {
        public int Requests { get; private set; }

        [NAction(SopClass.StorageCommitmentPushModel, 1)]
        public DimseStatus OnCommit(NActionRequest request)
        {
            Requests++;
            return DimseStatus.Success;
        }
    }

    [Fact]
    public async Task NActionGoesToTheScp_AndTheReportToTheListener_WhicheverComesFirst()
    {
        var listener = new ContractHandlers();
        var scp = new CommitScp();
        var host = new DicomTestHost(new CompositeServiceHandler([listener, scp]));

        var action = await host.SendAsync(StorageCommitmentRequest.Create("1.2.3", [StorageCommitmentRequest.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.1")])
            .ToRequest(WellKnownSopInstance.StorageCommitmentPushModel));
        var report = await host.SendAsync(StorageCommitmentSuccessful.Create("1.2.3", [StorageCommitmentSuccessful.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.1")])
            .ToRequest(WellKnownSopInstance.StorageCommitmentPushModel));

        Assert.Equal(DimseStatus.Success, action.Status);
        Assert.Equal(DimseStatus.Success, report.Status);
        Assert.Equal(1, scp.Requests);
        Assert.Equal(["committed 1.2.3 1"], listener.Calls);
    }
}
