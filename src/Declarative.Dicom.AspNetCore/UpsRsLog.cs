using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.AspNetCore;

/// <summary>The UPS-RS origin server's log messages (event ids 1–20).</summary>
internal static partial class UpsRsLog
{
    [LoggerMessage(1, LogLevel.Information, "UPS-RS {Transaction} {Path}: {HttpStatus} ({DimseStatus})")]
    public static partial void Answered(ILogger logger, UpsRsTransaction transaction, string path, int httpStatus, string dimseStatus);

    [LoggerMessage(2, LogLevel.Warning, "UPS-RS {Transaction} {Path} refused with {HttpStatus}: {Reason}")]
    public static partial void Refused(ILogger logger, UpsRsTransaction transaction, string path, int httpStatus, string reason);

    [LoggerMessage(3, LogLevel.Error, "UPS-RS {Transaction} {Path} failed; answered 503")]
    public static partial void Failed(ILogger logger, UpsRsTransaction transaction, string path, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "UPS-RS notification connection of {AETitle} opened ({Count} on this node)")]
    public static partial void Connected(ILogger logger, string aeTitle, int count);

    [LoggerMessage(5, LogLevel.Information, "UPS-RS notification connection of {AETitle} ended: {Reason}")]
    public static partial void Disconnected(ILogger logger, string aeTitle, string reason);

    [LoggerMessage(6, LogLevel.Warning, "UPS-RS notification connection of {AETitle} sent a {Kind} message of {Count} bytes; it carries none from the user agent, so it is closed (1008)")]
    public static partial void MessageRefused(ILogger logger, string aeTitle, string kind, int count);

    [LoggerMessage(7, LogLevel.Error, "UPS-RS reports for {AETitle}: the outbox failed; trying again")]
    public static partial void StoreFailed(ILogger logger, string aeTitle, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "UPS-RS report (event type {EventType} of {Workitem}) for {AETitle} expired before a connection took it")]
    public static partial void Expired(ILogger logger, string aeTitle, ushort eventType, string workitem);
}
