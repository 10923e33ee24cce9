using System.Globalization;

namespace Declarative.Dicom.Data;

/// <summary>The DA, TM and DT text forms of PS3.5 Table 6.2-1 (and the ACR-NEMA forms with separators that old peers still send).</summary>
internal static class DicomDateTimeText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static DateOnly ParseDate(string text)
    {
        var s = text.Trim();
        if (s.Length == 10 && s[4] == '.' && s[7] == '.')
        {
            s = s.Remove(7, 1).Remove(4, 1); // ACR-NEMA "yyyy.mm.dd"
        }

        return DateOnly.ParseExact(s, "yyyyMMdd", Invariant);
    }

    public static TimeOnly ParseTime(string text)
    {
        var s = text.Trim().Replace(":", string.Empty, StringComparison.Ordinal);
        if (s.Length < 2 || s.Length == 3 || s.Length == 5)
        {
            throw new FormatException($"'{text}' is not HH[MM[SS[.FFFFFF]]]");
        }

        var hour = int.Parse(s.AsSpan(0, 2), NumberStyles.None, Invariant);
        var minute = s.Length >= 4 ? int.Parse(s.AsSpan(2, 2), NumberStyles.None, Invariant) : 0;
        var second = s.Length >= 6 ? int.Parse(s.AsSpan(4, 2), NumberStyles.None, Invariant) : 0;
        var ticks = 0L;
        if (s.Length > 6)
        {
            if (s[6] != '.' || s.Length == 7 || s.Length > 13)
            {
                throw new FormatException($"'{text}' has a malformed fraction of a second");
            }

            var fraction = s[7..];
            ticks = long.Parse(fraction.PadRight(7, '0'), NumberStyles.None, Invariant);
        }

        // 60 is a leap second in PS3.5; TimeOnly cannot hold it, so it reads as 59.999999.
        if (second == 60)
        {
            second = 59;
            ticks = TimeSpan.TicksPerSecond - 10;
        }

        return new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
    }

    /// <summary>YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX]; without an offset the result has offset zero and Kind-less DateTime.</summary>
    public static DateTimeOffset ParseDateTime(string text)
    {
        var s = text.Trim();
        var offset = TimeSpan.Zero;
        var signAt = s.IndexOfAny(['+', '-'], Math.Min(4, s.Length));
        if (signAt > 0)
        {
            var zone = s[(signAt + 1)..];
            if (zone.Length != 4)
            {
                throw new FormatException($"'{text}' has a malformed UTC offset");
            }

            offset = new TimeSpan(int.Parse(zone.AsSpan(0, 2), NumberStyles.None, Invariant), int.Parse(zone.AsSpan(2, 2), NumberStyles.None, Invariant), 0);
            if (s[signAt] == '-')
            {
                offset = -offset;
            }

            s = s[..signAt];
        }

        if (s.Length < 4)
        {
            throw new FormatException($"'{text}' is not a DT value");
        }

        var year = int.Parse(s.AsSpan(0, 4), NumberStyles.None, Invariant);
        var month = s.Length >= 6 ? int.Parse(s.AsSpan(4, 2), NumberStyles.None, Invariant) : 1;
        var day = s.Length >= 8 ? int.Parse(s.AsSpan(6, 2), NumberStyles.None, Invariant) : 1;
        var time = s.Length > 8 ? ParseTime(s[8..]) : TimeOnly.MinValue;
        return new DateTimeOffset(new DateOnly(year, month, day).ToDateTime(time), offset);
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", Invariant);

    public static string FormatTime(TimeOnly time) =>
        time.Ticks % TimeSpan.TicksPerSecond == 0
            ? time.ToString("HHmmss", Invariant)
            : time.ToString("HHmmss.ffffff", Invariant);

    public static string FormatDateTime(DateTime value) =>
        FormatDate(DateOnly.FromDateTime(value)) + FormatTime(TimeOnly.FromDateTime(value));

    public static string FormatDateTime(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return FormatDateTime(value.DateTime) + sign + offset.Hours.ToString("00", Invariant) + offset.Minutes.ToString("00", Invariant);
    }
}
