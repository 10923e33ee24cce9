using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Data;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.Services;

/// <summary>The catalogue corrections of issue 18, as a handler and the status tables see them.</summary>
public partial class CatalogueCorrectionTests
{
    public partial class TreatmentMachine
    {
        public List<string> Heard { get; } = [];

        [EventReport(SopClass.RTConventionalMachineVerification, MachineVerificationPending.EventTypeId)]
        public void OnPending(NEventReportRequest request) => Heard.Add("pending");

        [EventReport(SopClass.RTConventionalMachineVerification, MachineVerificationDone.EventTypeId)]
        public void OnDone(MachineVerificationDone done) => Heard.Add($"done {done.TreatmentVerificationStatus}");
    }

    [Fact]
    public async Task RtMachineVerification_Event2IsDone_WithItsStatus_AndEvent1IsPending_WithoutInformation()
    {
        var machine = new TreatmentMachine();
        var host = new DicomTestHost(machine);

        var pending = await host.SendAsync(new NEventReportRequest(SopClass.RTConventionalMachineVerification, "1.2.3.9", 1));
        var done = await host.SendAsync(new NEventReportRequest(SopClass.RTConventionalMachineVerification, "1.2.3.9", 2,
            new DicomDataset().Set(DicomTag.TreatmentVerificationStatus, "VERIFIED")));
        var doneWithoutStatus = await host.SendAsync(new NEventReportRequest(SopClass.RTConventionalMachineVerification, "1.2.3.9", 2, new DicomDataset()));

        Assert.Equal([DimseStatus.Success, DimseStatus.Success], new[] { pending.Status, done.Status });
        Assert.Equal(["pending", "done VERIFIED"], machine.Heard);
        Assert.Equal(0x0115, doneWithoutStatus.Status.Code); // Treatment Verification Status is Type 1 in Done: refused before the handler
    }

    [Fact]
    public void InventoryCreation_HasItsFiveActions_AndUpsMeaningsAreWhole()
    {
        var inventory = ServiceClassCatalogue.FindSopClass("1.2.840.10008.5.1.4.1.1.201.5")!;

        Assert.Equal([11, 12, 13, 14, 15], inventory.ActionTypes.Select(a => (int)a.Id));
        var ups = ServiceClassCatalogue.AllowedStatuses(SopClass.UnifiedProcedureStepPull, DimseService.NAction);
        Assert.Contains(ups, s => s.Code == 0xB306 && s.Meaning == "The UPS is already in the requested state of COMPLETED");
        Assert.Contains(ServiceClassCatalogue.AllowedStatuses(SopClass.UnifiedProcedureStepPull, DimseService.NSet),
            s => s.Code == 0xC300 && s.Meaning == "The UPS may no longer be updated");
    }
}
