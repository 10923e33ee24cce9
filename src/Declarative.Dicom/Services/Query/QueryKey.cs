using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>The kinds of matching PS3.4 C.2.2.2 gives a key, by its VR and value.</summary>
public enum QueryMatching
{
    /// <summary>No value (or a sequence with no or an empty item): a return key, matching everything.</summary>
    Universal,

    /// <summary>A value to equal (C.2.2.2.1).</summary>
    SingleValue,

    /// <summary>A value with * or ? in a VR that allows them (C.2.2.2.4).</summary>
    Wildcard,

    /// <summary>A DA, TM or DT value with a hyphen: <see cref="QueryKey.Low"/> to <see cref="QueryKey.High"/>, either open (C.2.2.2.5).</summary>
    Range,

    /// <summary>A UI key with several values: any of <see cref="QueryKey.Values"/> (C.2.2.2.2).</summary>
    UidList,

    /// <summary>A sequence with one item of keys: <see cref="QueryKey.Item"/> (C.2.2.2.6).</summary>
    Sequence,
}

/// <summary>
/// One key of a query as PS3.4 reads it: its matching kind and what it matches on. What a handler whose store is a database
/// translates into its own query (a wildcard into LIKE, a range into BETWEEN), rather than reading the raw Identifier.
/// </summary>
public sealed record QueryKey(DicomTag Tag, DicomVR VR, QueryMatching Matching)
{
    /// <summary>The value of a single value or wildcard key, as written ("Doe*"); null for the other kinds.</summary>
    public string? Value { get; init; }

    /// <summary>A range's lower end as written ("20261201"), or null when it is open below.</summary>
    public string? Low { get; init; }

    /// <summary>A range's upper end as written, or null when it is open above.</summary>
    public string? High { get; init; }

    /// <summary>The UIDs of a list of UIDs key; one for a single UID.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>The keys of a sequence key's item, as a query of their own.</summary>
    public DicomQuery? Item { get; init; }

    /// <summary>A DA range or single date as dates (null ends are open); null for other keys.</summary>
    public (DateOnly? From, DateOnly? To)? Dates => VR != DicomVR.DA ? null : Matching switch
    {
        QueryMatching.SingleValue => (Date(Value), Date(Value)),
        QueryMatching.Range => (Date(Low), Date(High)),
        _ => null,
    };

    private static DateOnly? Date(string? text) => text is { Length: 8 } ? DicomDateTimeText.ParseDate(text) : null;

    internal static QueryKey Of(DicomDataset keys, DicomAttribute attribute, DicomQueryOptions options)
    {
        if (attribute is DicomSequence sequence)
        {
            return sequence.Count == 0 || sequence[0].Count == 0
                ? new QueryKey(attribute.Tag, DicomVR.SQ, QueryMatching.Universal)
                : new QueryKey(attribute.Tag, DicomVR.SQ, QueryMatching.Sequence) { Item = new DicomQuery(sequence[0], options) };
        }

        var element = (DicomElement)attribute;
        if (element.IsEmpty)
        {
            return new QueryKey(element.Tag, element.VR, QueryMatching.Universal);
        }

        var text = DicomQuery.Text(keys, element).Trim();
        if (element.VR == DicomVR.UI)
        {
            var uids = text.Split('\\').Select(u => u.Trim()).ToArray();
            return new QueryKey(element.Tag, element.VR, uids.Length > 1 ? QueryMatching.UidList : QueryMatching.SingleValue) { Value = uids.Length > 1 ? null : uids[0], Values = uids };
        }

        if (QueryValueMatching.IsRange(element.VR, text))
        {
            var (low, high) = QueryValueMatching.SplitRange(element.VR, text);
            return new QueryKey(element.Tag, element.VR, QueryMatching.Range) { Low = low.Length == 0 ? null : low, High = high.Length == 0 ? null : high };
        }

        var wildcard = QueryValueMatching.AllowsWildcards(element.VR) && text.AsSpan().IndexOfAny('*', '?') >= 0;
        return new QueryKey(element.Tag, element.VR, wildcard ? QueryMatching.Wildcard : QueryMatching.SingleValue) { Value = text };
    }
}
