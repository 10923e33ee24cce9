namespace Declarative.Dicom.Outbox;

/// <summary>
/// One N-EVENT-REPORT waiting to be delivered: where to, what (SOP class, the SOP class of the presentation
/// context it goes on — UPS events name UPS Push on a UPS Event context —, instance, event type and the Event
/// Information encoded in Explicit VR Little Endian), and how its delivery has gone so far.
/// </summary>
public sealed record OutboxReport(
    Guid Id,
    string DestinationAETitle,
    string SopClassUid,
    string ContextSopClassUid,
    string SopInstanceUid,
    ushort EventTypeId,
    byte[]? EventInformation,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError);
