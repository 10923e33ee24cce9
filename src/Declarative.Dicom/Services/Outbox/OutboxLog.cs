using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Outbox;

internal static partial class OutboxLog
{
    [LoggerMessage(201, LogLevel.Information, "Report {Report} delivered after {Attempts} attempt(s): {Status}")]
    public static partial void Delivered(ILogger logger, string report, int attempts, string status);

    [LoggerMessage(202, LogLevel.Warning, "Report {Report} not delivered (attempt {Attempts}: {Error}); next try in {Seconds:0.#} s")]
    public static partial void Retrying(ILogger logger, string report, int attempts, string error, double seconds);

    [LoggerMessage(203, LogLevel.Error, "Report {Report} expired undelivered after {Attempts} attempt(s) (last: {Error}); dropped")]
    public static partial void Expired(ILogger logger, string report, int attempts, string error);

    [LoggerMessage(204, LogLevel.Error, "The report outbox's store failed; the reports stay queued")]
    public static partial void StoreFailed(ILogger logger, Exception exception);
}
