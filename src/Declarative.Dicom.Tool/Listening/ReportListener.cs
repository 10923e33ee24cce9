using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tool.Listening;

/// <summary>
/// Accepts N-EVENT-REPORTs of every SOP class the catalogue gives event types (in either role, as storage
/// commitment's SCP proposes the SCP role on its own association) and C-ECHO; answers each report with the
/// configured status and tells <see cref="Received"/>. A hand-written handler: it serves classes no one
/// declared a method for, which is what a listening tool is for.
/// </summary>
internal sealed class ReportListener : IDicomServiceHandler
{
    private readonly DimseStatus _answer;

    public ReportListener(DimseStatus answer)
    {
        _answer = answer;
        PresentationContexts =
        [
            new PresentationContextPolicy(CEchoRequest.VerificationSopClassUid),
            .. ServiceClassCatalogue.SopClasses
                .Where(c => c.EventTypes.Length > 0)
                .Select(c => new PresentationContextPolicy(c.Uid) { RequestorMayBeScu = true, RequestorMayBeScp = true, AlsoServes = c.AlsoServes }),
        ];
    }

    /// <summary>Raised on the association's thread for each report, with the response it is about to be answered with.</summary>
    public event Action<ReceivedReport>? Received;

    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; }

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case CEchoRequest:
                return ValueTask.FromResult(new DimseResponse(DimseStatus.Success));
            case NEventReportRequest report:
                // A class PS3.4 defines without this event type is answered as a conformant SCU would (0x0113); the report is still
                // shown, with the status it was answered with, so that a refusal never reads as an accepted report.
                // The class that defines the event is the context's when the report names another (UPS Push on UPS Event, PS3.4 CC.3.1).
                var response = ServiceClassCatalogue.FindSopClass(HandlerContexts.SopClassOf(report)) is { } known && known.FindEventType(report.EventTypeId) is null
                    ? DimseResponse.FromStatus(DimseStatus.NoSuchEventType, $"no event type {report.EventTypeId} in {known.Keyword}")
                    : new DimseResponse(_answer);
                Received?.Invoke(ReceivedReport.From(report, DateTimeOffset.Now, response));
                return ValueTask.FromResult(response);
            default:
                // Only reports and echoes are negotiated as SCU operations of the peer here; anything else is not ours to serve.
                return ValueTask.FromResult(DimseResponse.FromStatus(DimseStatus.UnrecognizedOperation, $"dicom-events listens for N-EVENT-REPORT only, not {request.CommandField}"));
        }
    }
}
