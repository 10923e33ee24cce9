namespace Declarative.Dicom.Outbox;

/// <summary>
/// Where an outbox report goes: an AE title (delivered by N-EVENT-REPORT on an association, to an entry of the destinations
/// table), or a subscriber of a notification channel — a UPS-RS WebSocket — written <c>channel\AE</c>. An AE title never
/// holds a backslash (PS3.5 6.2, VR AE), so the two never meet: the outbox's own loop takes the AE titles
/// (<see cref="IReportOutboxStore.DueAsync"/>), and the channel that holds a subscriber's connection takes that subscriber's
/// reports (<see cref="IReportOutboxStore.DueForAsync"/>), on whichever node the connection is.
/// </summary>
public static class ReportDestination
{
    /// <summary>The separator of a channel's destinations: the one character an AE title cannot hold.</summary>
    public const char ChannelSeparator = '\\';

    /// <summary>The channel of UPS-RS notification connections (PS3.18 8.10.4).</summary>
    public const string WebSocket = "ws";

    /// <summary>The destination of <paramref name="aeTitle"/>'s reports on <paramref name="channel"/>.</summary>
    public static string OnChannel(string channel, string aeTitle) => channel + ChannelSeparator + aeTitle;

    /// <summary>Whether <paramref name="destination"/> is a channel's subscriber rather than an AE title, and which.</summary>
    public static bool TryParseChannel(string destination, out string channel, out string aeTitle)
    {
        var at = destination.IndexOf(ChannelSeparator);
        channel = at < 0 ? string.Empty : destination[..at];
        aeTitle = at < 0 ? destination : destination[(at + 1)..];
        return at >= 0;
    }

    /// <summary>The AE title of a destination, on a channel or not.</summary>
    public static string AETitleOf(string destination)
    {
        TryParseChannel(destination, out _, out var aeTitle);
        return aeTitle;
    }

    /// <summary>Whether the outbox's own loop delivers it (an AE title) or a channel does.</summary>
    public static bool IsChannel(string destination) => destination.IndexOf(ChannelSeparator) >= 0;
}
