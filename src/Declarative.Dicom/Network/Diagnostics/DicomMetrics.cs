using System.Diagnostics;
using System.Diagnostics.Metrics;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Network;

/// <summary>
/// The package's metrics, on a <see cref="Meter"/> named <see cref="MeterName"/> (add it to OpenTelemetry with
/// <c>AddMeter("Declarative.Dicom")</c>). Names and tags follow OpenTelemetry's semantic-convention style. Every
/// tag value is a constant string, so that recording allocates nothing; with no listener, nothing is recorded.
/// </summary>
public static class DicomMetrics
{
    public const string MeterName = "Declarative.Dicom";

    private static readonly Meter Meter = new(MeterName, typeof(DicomMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Associations = Meter.CreateCounter<long>("dicom.associations", "{association}",
        "Associations by outcome (accepted, rejected, aborted) and by our role (acceptor, requestor).");

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>("dicom.requests", "{request}",
        "Requests answered, by DIMSE message and status category.");

    internal static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>("dicom.handler.duration", "s",
        "Time from a request's arrival to its handler's answer, by DIMSE message.");

    internal static readonly UpDownCounter<long> ActiveAssociations = Meter.CreateUpDownCounter<long>("dicom.associations.active", "{association}",
        "Associations established and not yet ended, by our role.");

    internal static readonly Counter<long> Io = Meter.CreateCounter<long>("dicom.io", "By",
        "Bytes of PDUs received and sent (network.io.direction receive or transmit), headers included.");

    internal static readonly UpDownCounter<long> ConcurrentCalls = Meter.CreateUpDownCounter<long>("dicom.handler.concurrent", "{call}",
        "Handler calls running on beside their association's next requests ([ConcurrentHandler]), by DIMSE message.");

    internal static readonly Counter<long> BudgetRefusals = Meter.CreateCounter<long>("dicom.budget.refusals", "{association}",
        "Associations aborted because their data in flight would have passed the server's budget.");

    internal static void Association(string outcome, bool isRequestor)
    {
        if (Associations.Enabled)
        {
            Associations.Add(1, new KeyValuePair<string, object?>("dicom.association.outcome", outcome), Role(isRequestor));
        }

        if (outcome == "accepted" && ActiveAssociations.Enabled)
        {
            ActiveAssociations.Add(1, Role(isRequestor));
        }
    }

    /// <summary>An established association ended (released or aborted).</summary>
    internal static void AssociationEnded(bool isRequestor)
    {
        if (ActiveAssociations.Enabled)
        {
            ActiveAssociations.Add(-1, Role(isRequestor));
        }
    }

    internal static void Received(int bytes)
    {
        if (Io.Enabled)
        {
            Io.Add(bytes, new KeyValuePair<string, object?>("network.io.direction", "receive"));
        }
    }

    internal static void Sent(int bytes)
    {
        if (Io.Enabled)
        {
            Io.Add(bytes, new KeyValuePair<string, object?>("network.io.direction", "transmit"));
        }
    }

    /// <summary>A handler call was detached (+1) or has answered (-1).</summary>
    internal static void ConcurrentCall(DimseCommandField field, int change)
    {
        if (ConcurrentCalls.Enabled)
        {
            ConcurrentCalls.Add(change, new KeyValuePair<string, object?>("dicom.message", MessageName(field)));
        }
    }

    private static KeyValuePair<string, object?> Role(bool isRequestor) => new("dicom.role", isRequestor ? "requestor" : "acceptor");

    internal static void RequestAnswered(DimseCommandField field, DimseStatus status, long startedTimestamp)
    {
        var message = new KeyValuePair<string, object?>("dicom.message", MessageName(field));
        if (Requests.Enabled)
        {
            Requests.Add(1, message, new KeyValuePair<string, object?>("dicom.status.category", CategoryName(status.Category)));
        }

        if (HandlerDuration.Enabled)
        {
            HandlerDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, message);
        }
    }

    /// <summary>The message's name as a constant: <see cref="DimseCommandFieldExtensions.ToDisplayName"/> builds a string each time.</summary>
    internal static string MessageName(DimseCommandField field) => field.MessageName() ?? "other";

    private static string CategoryName(DimseStatusCategory category) => category switch
    {
        DimseStatusCategory.Success => "success",
        DimseStatusCategory.Warning => "warning",
        DimseStatusCategory.Cancel => "cancel",
        DimseStatusCategory.Pending => "pending",
        _ => "failure",
    };
}
