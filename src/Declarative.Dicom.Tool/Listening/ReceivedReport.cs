using System.Text;
using System.Text.Json;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Network;
using Declarative.Dicom.Tool.Dump;

namespace Declarative.Dicom.Tool.Listening;

/// <summary>
/// One N-EVENT-REPORT as it arrived, with its Event Information already rendered (text and DICOM JSON):
/// the request's dataset belongs to the association only for the duration of the handler.
/// </summary>
internal sealed record ReceivedReport(
    DateTimeOffset Time,
    string CallingAE,
    string CalledAE,
    string? RemoteAddress,
    ushort MessageId,
    string SopClassUid,
    string SopInstanceUid,
    ushort EventTypeId,
    string EventInformationText,
    string EventInformationJson,
    DimseStatus Status,
    string? StatusComment,
    string? EventSopClassUid = null)
{
    /// <summary>Whether the report was accepted: answered Success or Warning (a refused one is shown, never counted).</summary>
    public bool Accepted => Status.Category is DimseStatusCategory.Success or DimseStatusCategory.Warning;

    public string SopClassName => DicomUidDictionary.Lookup(SopClassUid)?.Keyword ?? SopClassUid;

    /// <summary>The event type's name, from the class that defines it: the context's when the report names another (UPS Push on UPS Event).</summary>
    public string? EventTypeName => ServiceClassCatalogue.FindSopClass(EventSopClassUid ?? SopClassUid)?.FindEventType(EventTypeId)?.Name;

    public static ReceivedReport From(NEventReportRequest request, DateTimeOffset time, DimseResponse answer)
    {
        var info = request.EventInformation;
        var text = new StringBuilder();
        if (info is not null)
        {
            DcmdumpFormat.Dataset(text, info, request.PresentationContext is { } context ? DicomTransferSyntax.Lookup(context.TransferSyntax) : DicomTransferSyntax.ImplicitVRLittleEndian, 1);
        }

        // A report without an association came on a UPS-RS notification connection (`ups-rs watch`).
        return new ReceivedReport(time, request.Association?.CallingAETitle ?? "the UPS-RS origin server", request.Association?.CalledAETitle ?? "our notification connection",
            request.Association?.RemoteEndPoint?.ToString(), request.MessageId, request.SopClassUid, request.SopInstanceUid ?? string.Empty,
            request.EventTypeId, text.ToString(), info is null ? "{}" : DicomJsonWriter.Write(info), answer.Status, answer.ErrorComment,
            HandlerContexts.SopClassOf(request));
    }

    /// <summary>What a person reads: a heading line, then the Event Information in dcmdump's layout.</summary>
    public string ToText()
    {
        var eventName = EventTypeName is { } name ? $" ({name})" : string.Empty;
        return $"{Time:yyyy-MM-dd HH:mm:ss.fff} N-EVENT-REPORT from {CallingAE}{(RemoteAddress is null ? string.Empty : " at " + RemoteAddress)} to {CalledAE}{Environment.NewLine}" +
            $"  {SopClassName}, event type {EventTypeId}{eventName}, instance {SopInstanceUid}, answered {StatusLine}{Environment.NewLine}" +
            EventInformationText;
    }

    /// <summary>The status it was answered with as a person reads it: "0x0000 Success", "0x0113 Failure (no event type 7 in …)".</summary>
    public string StatusLine => $"0x{Status.Code:X4} {Status.Category}{(StatusComment is null ? string.Empty : $" ({StatusComment})")}";

    /// <summary>
    /// One JSON line; the Event Information is DICOM JSON (PS3.18 F.2) under "eventInformation". The live page
    /// also gets the text rendering under "eventInformationText", and "kind": "report".
    /// </summary>
    public string ToJson(bool forLivePage = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (forLivePage)
            {
                writer.WriteString("kind", "report");
                writer.WriteString("eventInformationText", EventInformationText);
            }

            writer.WriteString("time", Time);
            writer.WriteString("callingAE", CallingAE);
            writer.WriteString("calledAE", CalledAE);
            writer.WriteString("remote", RemoteAddress);
            writer.WriteNumber("messageId", MessageId);
            writer.WriteString("sopClassUid", SopClassUid);
            writer.WriteString("sopClassName", SopClassName);
            writer.WriteString("sopInstanceUid", SopInstanceUid);
            writer.WriteNumber("eventTypeId", EventTypeId);
            writer.WriteString("eventTypeName", EventTypeName);
            writer.WriteNumber("status", Status.Code);
            writer.WriteString("statusText", StatusLine);
            writer.WriteBoolean("accepted", Accepted);
            writer.WritePropertyName("eventInformation");
            writer.WriteRawValue(EventInformationJson, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
