using System.Diagnostics;

namespace Declarative.Dicom.Network;

/// <summary>
/// Traces: one server span per request served, from an <see cref="ActivitySource"/> named <see cref="SourceName"/>
/// (add it to OpenTelemetry with <c>AddSource("Declarative.Dicom")</c>). Without a listener no span is made.
/// </summary>
public static class DicomActivities
{
    public const string SourceName = "Declarative.Dicom";

    internal static readonly ActivitySource Source = new(SourceName, typeof(DicomActivities).Assembly.GetName().Version?.ToString());

    /// <summary>The span of a request: named after its message, tagged with SOP class, peer and association.</summary>
    internal static Activity? StartRequest(DimseRequest request)
    {
        var activity = Source.StartActivity(DicomMetrics.MessageName(request.CommandField), ActivityKind.Server);
        if (activity is not null)
        {
            activity.SetTag("dicom.message", DicomMetrics.MessageName(request.CommandField));
            activity.SetTag("dicom.sop_class", request.SopClassUid);
            activity.SetTag("dicom.sop_instance", request.SopInstanceUid);
            activity.SetTag("dicom.calling_ae", request.Association?.CallingAETitle);
            activity.SetTag("dicom.called_ae", request.Association?.CalledAETitle);
            // OpenTelemetry's name for the peer; behind a load balancer, the address its PROXY protocol header gave.
            if (request.Association?.RemoteEndPoint is System.Net.IPEndPoint peer)
            {
                activity.SetTag("network.peer.address", peer.Address.ToString());
                activity.SetTag("network.peer.port", peer.Port);
            }
        }

        return activity;
    }

    internal static void Answered(Activity? activity, DimseStatus status)
    {
        if (activity is not null)
        {
            activity.SetTag("dicom.status", status.Code);
            activity.SetStatus(status.Category == DimseStatusCategory.Failure ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        }
    }
}
