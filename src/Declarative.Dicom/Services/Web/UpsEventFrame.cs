using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Web;

/// <summary>
/// One UPS event report on a UPS-RS notification connection (PS3.18 8.10.5, 11.13): a WebSocket text message holding, in
/// DICOM JSON, the command fields an N-EVENT-REPORT carries — Affected SOP Class UID, Message ID, Affected SOP Instance UID,
/// Event Type ID — and the Event Information beside them. The same report an association would carry, so that one
/// <c>[EventReport]</c> handler reads both.
/// </summary>
public static class UpsEventFrame
{
    /// <summary>The message of a report, with the channel's own Message ID (PS3.18 11.13: a proxy into DIMSE manages its own).</summary>
    public static string Write(NEventReportRequest report, ushort messageId)
    {
        var message = new DicomDataset()
            .Set(DicomTag.AffectedSOPClassUID, report.SopClassUid)
            .Set(DicomTag.MessageID, messageId)
            .Set(DicomTag.AffectedSOPInstanceUID, report.SopInstanceUid ?? string.Empty)
            .Set(DicomTag.EventTypeID, report.EventTypeId);
        if (report.EventInformation is { } information)
        {
            foreach (var attribute in information)
            {
                if (attribute.Tag.Group != 0)
                {
                    message.Add(attribute);
                }
            }
        }

        return DicomJsonWriter.Write(message);
    }

    /// <summary>
    /// The report a message carries and its Message ID, ready for a handler's dispatch: on a UPS Event context, as an
    /// association would deliver it (its SOP class is the message's, UPS Push as PS3.4 CC.3.1 names it, or UPS Event).
    /// A message that is no event report (not JSON, no dataset, no command fields) is a <see cref="DicomDataException"/>.
    /// </summary>
    public static (NEventReportRequest Report, ushort MessageId) Read(ReadOnlySpan<byte> utf8Json)
    {
        var message = DicomJsonReader.ReadOne(utf8Json);
        var sopClass = Required(message, DicomTag.AffectedSOPClassUID);
        var instance = Required(message, DicomTag.AffectedSOPInstanceUID);
        var messageId = message.GetValueOrDefault<ushort>(DicomTag.MessageID, 0);
        var eventType = message.TryGetValue<ushort>(DicomTag.EventTypeID, out var type)
            ? type
            : throw new DicomDataException("The event report has no Event Type ID (0000,1002).");
        var information = new DicomDataset();
        foreach (var attribute in message)
        {
            if (attribute.Tag.Group != 0)
            {
                information.Add(attribute);
            }
        }

        var report = new NEventReportRequest(sopClass, instance, eventType, information)
        {
            PresentationContext = new NegotiatedContext(1, SopClass.UnifiedProcedureStepEvent, DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
                PresentationContextResult.Acceptance, RequestorIsScu: false, RequestorIsScp: true, RolesNegotiated: true),
        };
        return (report, messageId);
    }

    private static string Required(DicomDataset message, DicomTag tag) =>
        message.GetStringOrDefault(tag) is { Length: > 0 } value ? value : throw new DicomDataException($"The event report has no {tag.Keyword} {tag.ToDisplayString()}.");
}
