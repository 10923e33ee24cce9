using Declarative.Dicom;
using Declarative.Dicom.Data.Json;

namespace EventListenerSample;

/// <summary>MPPS notifications and UPS events, each printed as it comes, its Event Information as DICOM JSON (PS3.18 F.2).</summary>
public partial class WorkflowEvents
{
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 2)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 3)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 4)]
    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 5)]
    public void OnProcedureStep(NEventReportRequest request) => Print("MPPS", request);

    [EventReport(SopClass.UnifiedProcedureStepEvent, 1)]
    [EventReport(SopClass.UnifiedProcedureStepEvent, 2)]
    [EventReport(SopClass.UnifiedProcedureStepEvent, 3)]
    [EventReport(SopClass.UnifiedProcedureStepEvent, 4)]
    [EventReport(SopClass.UnifiedProcedureStepEvent, 5)]
    public void OnUps(NEventReportRequest request) => Print("UPS", request);

    private static void Print(string what, NEventReportRequest request)
    {
        var name = Declarative.Dicom.Catalogue.ServiceClassCatalogue.FindSopClass(request.PresentationContext?.AbstractSyntax ?? request.SopClassUid)
            ?.FindEventType(request.EventTypeId)?.Name ?? $"event {request.EventTypeId}";
        var json = request.EventInformation is { } information ? DicomJsonWriter.Write(information) : "{}";
        Console.WriteLine($"{what} {name} for {request.SopInstanceUid} from {request.Association?.PeerAETitle}: {json}");
    }
}
