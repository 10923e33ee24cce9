namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of N-EVENT-REPORT requests for one SOP class and
/// event type. The source generator writes the dispatch; the analyzers check the method at compile time.
/// A method may carry several of these.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class EventReportAttribute : Attribute
{
    public EventReportAttribute(string sopClassUid, ushort eventTypeId)
    {
        SopClassUid = sopClassUid;
        EventTypeId = eventTypeId;
    }

    public string SopClassUid { get; }

    public ushort EventTypeId { get; }
}
