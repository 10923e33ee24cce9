using Declarative.Dicom;
using Declarative.Dicom.Data;
using Declarative.Dicom.Testing;
using Microsoft.Extensions.Logging;

[assembly: PrivateSopClass(Declarative.Dicom.Tests.Services.AcmeListener.AcmeAlerts, "AcmeAlerts")]
[assembly: PrivateEventType(Declarative.Dicom.Tests.Services.AcmeListener.AcmeAlerts, 1, "AcmeAlertRaised", Name = "Alert Raised")]
[assembly: PrivateEventInformation(Declarative.Dicom.Tests.Services.AcmeListener.AcmeAlerts, 1, 0x00091010, "AlertText", "LO", Requirement = "1")]
[assembly: PrivateEventInformation(Declarative.Dicom.Tests.Services.AcmeListener.AcmeAlerts, 1, 0x00091011, "Severity", "US")]
[assembly: PrivateEventType(Declarative.Dicom.Tests.Services.AcmeListener.AcmeAlerts, 2, "AcmeAcknowledgementRequested")]
[assembly: PrivateEventReply(Declarative.Dicom.Tests.Services.AcmeListener.AcmeAlerts, 2, 0x00091020, "AcknowledgedBy", "LO", Requirement = "1")]

namespace Declarative.Dicom.Tests.Services;

/// <summary>A handler for a private SOP class declared in this assembly: same generated accessor, dispatch and checks as a standard one.</summary>
public partial class AcmeListener
{
    public const string AcmeAlerts = "1.2.826.0.1.3680043.2.1125.99.1";

    public List<string> Alerts { get; } = [];

    public ushort Answer { get; set; }

    [EventReport(AcmeAlerts, 1)]
    public ushort OnAlert(AcmeAlertRaised alert)
    {
        Alerts.Add($"{alert.AlertText} {alert.Severity}");
        return Answer;
    }

    [EventReport(AcmeAlerts, 2)]
    public EventReportResult OnAcknowledgementRequested(AcmeAcknowledgementRequested request) =>
        EventReportResult.Success(new DicomDataset().Set(new DicomTag(0x0009, 0x1020), DicomVR.LO, "night shift"));
}

public class PrivateSopClassTests
{
    private readonly AcmeListener _listener = new();
    private readonly CollectingLogger _log = new();

    private Task<DimseResponse> Send(DicomDataset information) =>
        new DicomTestHost(_listener, _log).SendAsync(new NEventReportRequest(AcmeListener.AcmeAlerts, "1.2.3.4", 1, information));

    private static DicomDataset Alert(string? text) =>
        text is null
            ? new DicomDataset().Set<ushort>(new DicomTag(0x0009, 0x1011), DicomVR.US, 2)
            : new DicomDataset().Set(new DicomTag(0x0009, 0x1010), DicomVR.LO, text).Set<ushort>(new DicomTag(0x0009, 0x1011), DicomVR.US, 2);

    [Fact]
    public async Task PrivateEvent_ReachesTheTypedAccessor()
    {
        var response = await Send(Alert("door open"));

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(["door open 2"], _listener.Alerts);
    }

    [Fact]
    public async Task DeclaredType1Attribute_IsChecked()
    {
        var response = await Send(Alert(null));

        Assert.Equal(DimseStatus.InvalidArgumentValue, response.Status);
        Assert.Equal("missing Type 1 (0009,1010)", response.ErrorComment);
        Assert.Empty(_listener.Alerts);
    }

    [Fact]
    public async Task StatusOutsideTheGeneralTable_IsSentWithAWarning()
    {
        _listener.Answer = 0xA700;

        var response = await Send(Alert("door open"));

        Assert.Equal((ushort)0xA700, response.Status.Code);
        Assert.True(_log.Has(LogLevel.Warning, "not one the general statuses of PS3.7 allows"));
    }

    [Fact]
    public async Task DeclaredEventReply_IsSentWithTheSuccess()
    {
        var response = await new DicomTestHost(_listener, _log).SendAsync(new NEventReportRequest(AcmeListener.AcmeAlerts, "1.2.3.4", 2, new DicomDataset()));

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal("night shift", response.Dataset?.GetString(new DicomTag(0x0009, 0x1020)));
    }
}
