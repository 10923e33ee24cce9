using Declarative.Dicom;
using Declarative.Dicom.Data;

// A private SOP class and its event types, declared once: the generator writes the AcmeAlertRaised
// accessor, the dispatch and the presentation context; the analyzers check statuses against PS3.7.
[assembly: PrivateSopClass(PrivateSopClassSample.AcmeAlerts.SopClassUid, "AcmeAlerts")]
[assembly: PrivateEventType(PrivateSopClassSample.AcmeAlerts.SopClassUid, 1, "AcmeAlertRaised", Name = "Alert Raised")]
[assembly: PrivateEventInformation(PrivateSopClassSample.AcmeAlerts.SopClassUid, 1, 0x00091010, "AlertText", "LO", Requirement = "1")]
[assembly: PrivateEventInformation(PrivateSopClassSample.AcmeAlerts.SopClassUid, 1, 0x00091011, "Severity", "US")]

// An event type whose sender expects an Event Reply: who acknowledged the alert. Declaring the reply
// makes the runtime send it, and makes a Success without it a compile error (DCM1002) with a fix.
[assembly: PrivateEventType(PrivateSopClassSample.AcmeAlerts.SopClassUid, 2, "AcmeAcknowledgementRequested", Name = "Acknowledgement Requested")]
[assembly: PrivateEventInformation(PrivateSopClassSample.AcmeAlerts.SopClassUid, 2, 0x00091010, "AlertText", "LO", Requirement = "1")]
[assembly: PrivateEventReply(PrivateSopClassSample.AcmeAlerts.SopClassUid, 2, 0x00091020, "AcknowledgedBy", "LO", Requirement = "1")]

namespace PrivateSopClassSample;

public partial class AcmeAlerts
{
    /// <summary>A UID under the 2.25 root (PS3.5 B.2): private classes need a root of their own.</summary>
    public const string SopClassUid = "2.25.266789318254719342211085137092563431117";

    [EventReport(SopClassUid, 1)]
    public DimseStatus OnAlert(AcmeAlertRaised alert)
    {
        Console.WriteLine($"Alert: {alert.AlertText} (severity {alert.Severity?.ToString() ?? "unknown"})");
        return DimseStatus.Success;
    }

    [EventReport(SopClassUid, 2)]
    public EventReportResult OnAcknowledgementRequested(AcmeAcknowledgementRequested request)
    {
        Console.WriteLine($"Acknowledging: {request.AlertText}");
        return EventReportResult.Success(new DicomDataset().Set(new DicomTag(0x0009, 0x1020), DicomVR.LO, "night shift"));
    }
}
