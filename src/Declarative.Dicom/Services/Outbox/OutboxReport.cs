namespace Declarative.Dicom.Outbox;

/// <summary>
/// One N-EVENT-REPORT waiting to be delivered: where to, what (SOP class, the SOP class of the presentation
/// context it goes on — UPS events name UPS Push on a UPS Event context —, instance, event type and the Event
/// Information encoded in Explicit VR Little Endian), and how its delivery has gone so far. An <see cref="Ordered"/> report
/// is never delivered before an older ordered one about the same instance to the same destination (UPS events: a watcher
/// hears a workitem's changes in the order they happened); others are independent (a storage-commitment report refused
/// again and again holds up no other).
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
    string? LastError,
    bool Ordered = false);
