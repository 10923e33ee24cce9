using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// A query key of a text VR that allows wildcards (AE, CS, LO, LT, PN, SH, ST, UC, UR, UT; PS3.4 C.2.2.2.4): a value to
/// equal, a pattern with * and ?, or <see cref="Any"/> (a return key). Typed query builders take it only for such keys.
/// </summary>
public readonly struct TextMatch
{
    private readonly string? _value;

    private TextMatch(string? value) => _value = value;

    /// <summary>Universal matching: the key is returned, whatever its value.</summary>
    public static TextMatch Any => default;

    /// <summary>Single value matching.</summary>
    public static TextMatch Is(string value) => new(QueryMatchText.NotEmpty(value, nameof(value)));

    /// <summary>Wildcard matching: * any run of characters, ? one character.</summary>
    public static TextMatch Like(string pattern) => new(QueryMatchText.NotEmpty(pattern, nameof(pattern)));

    public static implicit operator TextMatch(string value) => Is(value);

    internal void SetOn(DicomDataset identifier, DicomTag tag, DicomVR vr) => identifier.Set(tag, vr, _value is null ? [] : [_value]);
}

/// <summary>A query key that allows single value matching only (numbers, ages, …): a value to equal, or <see cref="Any"/>.</summary>
public readonly struct ValueMatch
{
    private readonly string? _value;

    private ValueMatch(string? value) => _value = value;

    public static ValueMatch Any => default;

    public static ValueMatch Is(string value) => new(QueryMatchText.NotEmpty(value, nameof(value)));

    public static implicit operator ValueMatch(string value) => Is(value);

    internal void SetOn(DicomDataset identifier, DicomTag tag, DicomVR vr) => identifier.Set(tag, vr, _value is null ? [] : [_value]);
}

/// <summary>A UI query key: one UID, a list of UIDs (PS3.4 C.2.2.2.2), or <see cref="Any"/>. No wildcards: a UID is matched whole.</summary>
public readonly struct UidMatch
{
    private readonly string[]? _uids;

    private UidMatch(string[]? uids) => _uids = uids;

    public static UidMatch Any => default;

    public static UidMatch Is(string uid) => new([QueryMatchText.NotEmpty(uid, nameof(uid))]);

    public static UidMatch AnyOf(params string[] uids) =>
        uids is { Length: > 0 } ? new(uids.Select(u => QueryMatchText.NotEmpty(u, nameof(uids))).ToArray()) : throw new ArgumentException("A list of UIDs has at least one.", nameof(uids));

    public static implicit operator UidMatch(string uid) => Is(uid);

    internal void SetOn(DicomDataset identifier, DicomTag tag, DicomVR vr) => identifier.Set(tag, vr, _uids ?? []);
}

/// <summary>A DA query key: one day, a range of days open at either end (PS3.4 C.2.2.2.5), or <see cref="Any"/>. No wildcards.</summary>
public readonly struct DateMatch
{
    private readonly string? _value;

    private DateMatch(string? value) => _value = value;

    public static DateMatch Any => default;

    public static DateMatch On(DateOnly day) => new(day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>From <paramref name="from"/> to <paramref name="to"/>, both included; a null end is open.</summary>
    public static DateMatch Between(DateOnly? from, DateOnly? to) =>
        from is null && to is null ? throw new ArgumentException("A range has at least one end; use DateMatch.Any for every date.")
        : from > to ? throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).")
        : new($"{Text(from)}-{Text(to)}");

    public static implicit operator DateMatch(DateOnly day) => On(day);

    private static string Text(DateOnly? day) => day?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    internal void SetOn(DicomDataset identifier, DicomTag tag, DicomVR vr) => identifier.Set(tag, vr, _value is null ? [] : [_value]);
}

/// <summary>A TM query key: one time, a range of times open at either end, or <see cref="Any"/>. No wildcards.</summary>
public readonly struct TimeMatch
{
    private readonly string? _value;

    private TimeMatch(string? value) => _value = value;

    public static TimeMatch Any => default;

    public static TimeMatch At(TimeOnly time) => new(Text(time));

    /// <summary>From <paramref name="from"/> to <paramref name="to"/>, both included; a null end is open.</summary>
    public static TimeMatch Between(TimeOnly? from, TimeOnly? to) =>
        from is null && to is null ? throw new ArgumentException("A range has at least one end; use TimeMatch.Any for every time.")
        : from > to ? throw new ArgumentException($"The range ends ({to}) before it starts ({from}).")
        : new($"{Text(from)}-{Text(to)}");

    public static implicit operator TimeMatch(TimeOnly time) => At(time);

    private static string Text(TimeOnly? time) => time?.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    internal void SetOn(DicomDataset identifier, DicomTag tag, DicomVR vr) => identifier.Set(tag, vr, _value is null ? [] : [_value]);
}

internal static class QueryMatchText
{
    public static string NotEmpty(string value, string name) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException("A matching value is not empty; use Any for a return key.", name) : value;
}
