using Microsoft.Extensions.Logging;

namespace Declarative.Dicom.Network;

/// <summary>
/// Every association event the network layer logs, in one place. No patient data above Debug:
/// AE titles, UIDs of SOP classes, message IDs and statuses only.
/// </summary>
internal static partial class NetworkLog
{
    [LoggerMessage(1, LogLevel.Information, "Association {Association}: accepted with {Accepted} of {Proposed} presentation context(s)")]
    public static partial void Accepted(ILogger logger, string association, int accepted, int proposed);

    [LoggerMessage(2, LogLevel.Warning, "Association {Association}: rejected, {Reason}")]
    public static partial void Rejected(ILogger logger, string association, string reason);

    [LoggerMessage(3, LogLevel.Information, "Association {Association}: released")]
    public static partial void Released(ILogger logger, string association);

    [LoggerMessage(4, LogLevel.Warning, "Association {Association}: aborted ({Why})")]
    public static partial void Aborted(ILogger logger, string association, string why);

    [LoggerMessage(5, LogLevel.Warning, "Association {Association}: protocol error, sending A-ABORT (reason {Reason}): {Detail}")]
    public static partial void ProtocolError(ILogger logger, string association, string reason, string detail);

    [LoggerMessage(6, LogLevel.Debug, "Association {Association}: received {Message}")]
    public static partial void MessageReceived(ILogger logger, string association, string message);

    [LoggerMessage(7, LogLevel.Debug, "Association {Association}: sent {Message}")]
    public static partial void MessageSent(ILogger logger, string association, string message);

    [LoggerMessage(8, LogLevel.Error, "Association {Association}: the handler of {Request} failed; answering 0x0110")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string association, string request);

    [LoggerMessage(9, LogLevel.Warning, "Association {Association}: {Request} answered {Status} with a dataset; the dataset is dropped (only Success and Warning carry one)")]
    public static partial void ReplyDropped(ILogger logger, string association, string request, string status);

    [LoggerMessage(10, LogLevel.Warning, "Association {Association}: {Request} for {SopClass}, which is not served; answering 0x{Status:X4}")]
    public static partial void SopClassNotServed(ILogger logger, string association, string request, string sopClass, ushort status);

    [LoggerMessage(11, LogLevel.Warning, "Association {Association}: {Request} on context {ContextId} ({AbstractSyntax}) from a peer without the {Role} role for it; {Decision}")]
    public static partial void RoleNotNegotiated(ILogger logger, string association, string request, byte contextId, string abstractSyntax, string role, string decision);

    [LoggerMessage(12, LogLevel.Warning, "Association {Association}: {What} timed out after {Seconds:0.#} s")]
    public static partial void TimedOut(ILogger logger, string association, string what, double seconds);

    [LoggerMessage(13, LogLevel.Warning, "Association {Association}: response to unknown message {MessageId} ignored")]
    public static partial void UnexpectedResponse(ILogger logger, string association, ushort messageId);

    [LoggerMessage(14, LogLevel.Error, "Association {Association}: the reply dataset of {Request} could not be encoded; answering 0x0110")]
    public static partial void ReplyEncodingFailed(ILogger logger, Exception exception, string association, string request);

    [LoggerMessage(15, LogLevel.Debug, "Association {Association}: {Event} in {State} → {Action}")]
    public static partial void Transition(ILogger logger, string association, string @event, string state, string action);

    [LoggerMessage(16, LogLevel.Information, "Association {Association}: {Request} not supported; answering 0x{Status:X4}")]
    public static partial void UnsupportedCommand(ILogger logger, string association, string request, ushort status);

    [LoggerMessage(17, LogLevel.Information, "Listening as {AETitle} on {EndPoint}")]
    public static partial void Listening(ILogger logger, string aeTitle, string endPoint);

    [LoggerMessage(18, LogLevel.Error, "Association {Association}: the handler of {Request} did not answer within {Seconds:0.###} s; answering 0x0110, the association goes on")]
    public static partial void HandlerTimedOut(ILogger logger, string association, string request, double seconds);

    [LoggerMessage(19, LogLevel.Warning, "Association {Association}: the response to {Request}, whose handler ran concurrently, could not be sent: {Reason}")]
    public static partial void DetachedResponseLost(ILogger logger, string association, string request, string reason);

    [LoggerMessage(20, LogLevel.Information, "Association {Association}: {Request} ended with 0x{Status:X4} after {Matches} match(es){Reason}")]
    public static partial void StreamEnded(ILogger logger, string association, string request, ushort status, int matches, string reason);

    [LoggerMessage(21, LogLevel.Information, "Association {Association}: C-CANCEL for message {MessageId}{Outcome}")]
    public static partial void CancelReceived(ILogger logger, string association, ushort messageId, string outcome);

    [LoggerMessage(22, LogLevel.Error, "Association {Association}: the match stream of {Request} failed after {Matches} match(es); answering 0x{Status:X4}")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string association, string request, int matches, ushort status);

    [LoggerMessage(23, LogLevel.Warning, "Association {Association}: the handler of {Request} ended its stream after {Produced} item(s) with 0x{Status:X4}: {Comment}")]
    public static partial void StreamEndedByHandler(ILogger logger, string association, string request, int produced, ushort status, string? comment);

    [LoggerMessage(24, LogLevel.Warning, "Connection from {Source} closed: {Reason}")]
    public static partial void ProxyRefused(ILogger logger, string source, string reason);

    [LoggerMessage(25, LogLevel.Debug, "Connection from {Proxy} carries {Client} (PROXY protocol v2)")]
    public static partial void Proxied(ILogger logger, string proxy, string client);

    [LoggerMessage(26, LogLevel.Information, "A receive spike of {PeakMib} MiB is over: memory given back, resident {BeforeMib} -> {AfterMib} MiB")]
    public static partial void MemoryReleased(ILogger logger, long peakMib, long beforeMib, long afterMib);
}
