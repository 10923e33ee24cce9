using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>How a <see cref="DicomQuery"/> matches where PS3.4 leaves the SCP a choice.</summary>
public sealed record DicomQueryOptions
{
    /// <summary>PN single value and wildcard matching ignore case (PS3.4 C.2.2.2.1 allows it; DCMTK and most archives do not).</summary>
    public bool PersonNameIgnoresCase { get; init; }

    /// <summary>
    /// A date key and its time key (Scheduled Procedure Step Start Date and Time, Study Date and Time, …) given together are
    /// matched as one date-time range (PS3.4 C.2.2.2.5.1, combined datetime matching), as worklist SCPs such as DCMTK's do:
    /// "20261201-20261202" with "0800-1200" means from 1 December 08:00 to 2 December 12:00, not two daily windows.
    /// </summary>
    public bool CombineDateAndTime { get; init; }

    public static DicomQueryOptions Default { get; } = new();
}

/// <summary>
/// A C-FIND Identifier as PS3.4 C.2.2 reads it: every attribute is a key; an empty one is universal (a return key),
/// one with a value a matching key of the kind its VR and value give (single value, wildcard, list of UIDs, range,
/// sequence). <see cref="Matches(DicomDataset)"/> implements C.2.2.2 for a candidate held in memory; <see cref="Project"/> makes
/// the response Identifier of a match: exactly the keys asked for, with the match's values (empty where it has none),
/// the Query/Retrieve Level echoed and the match's Specific Character Set carried.
/// </summary>
public sealed class DicomQuery
{
    // Date and time keys matched as one date-time when CombineDateAndTime is on (the pairs PS3.4 Annex C and K query on).
    private static readonly (DicomTag Date, DicomTag Time)[] DateTimePairs =
    [
        (DicomTag.StudyDate, DicomTag.StudyTime),
        (DicomTag.SeriesDate, DicomTag.SeriesTime),
        (DicomTag.AcquisitionDate, DicomTag.AcquisitionTime),
        (DicomTag.ContentDate, DicomTag.ContentTime),
        (DicomTag.InstanceCreationDate, DicomTag.InstanceCreationTime),
        (DicomTag.PatientBirthDate, DicomTag.PatientBirthTime),
        (DicomTag.ScheduledProcedureStepStartDate, DicomTag.ScheduledProcedureStepStartTime),
        (DicomTag.PerformedProcedureStepStartDate, DicomTag.PerformedProcedureStepStartTime),
    ];

    public DicomQuery(DicomDataset identifier, DicomQueryOptions? options = null)
    {
        Identifier = identifier;
        Options = options ?? DicomQueryOptions.Default;
    }

    /// <summary>The Identifier as received: lent for the handler's call like its request (see <see cref="Keep"/>).</summary>
    public DicomDataset Identifier { get; }

    public DicomQueryOptions Options { get; }

    // The keys the SCP said it does not support (NotSupported); null while there are none, as for most queries.
    private HashSet<DicomTag>? _notSupported;

    /// <summary>
    /// Tells the framework that this SCP does not support an optional key for matching (PS3.4 C.2.2.1.1, K.2.2.1.2): the key is
    /// ignored by <see cref="Matches(DicomDataset)"/>, returned empty, and every match is sent with 0xFF01 instead of 0xFF00
    /// ("one or more Optional Keys were not supported"), as DCMTK's wlmscpfs does. A handler whose own store cannot match a key
    /// calls this before it yields its first match.
    /// </summary>
    public void NotSupported(DicomTag key) => (_notSupported ??= []).Add(key);

    /// <summary>Whether the handler declared a key of this query not supported (the matches then go with 0xFF01).</summary>
    public bool HasUnsupportedKeys => _notSupported is { Count: > 0 } keys && keys.Any(Identifier.Contains);

    /// <summary>Query/Retrieve Level (0008,0052): PATIENT, STUDY, SERIES, IMAGE; null where the model has none (worklists).</summary>
    public string? Level => Identifier.GetStringOrDefault(DicomTag.QueryRetrieveLevel)?.Trim();

    /// <summary>The attributes the query asks for, matching and return keys alike (not Specific Character Set nor the level).</summary>
    public IEnumerable<DicomTag> Keys
    {
        get
        {
            foreach (var attribute in Identifier)
            {
                if (IsKey(attribute.Tag))
                {
                    yield return attribute.Tag;
                }
            }
        }
    }

    /// <summary>The keys that constrain the match: those with a value (a non-empty item for a sequence).</summary>
    public IEnumerable<DicomTag> MatchingKeys
    {
        get
        {
            foreach (var attribute in Identifier)
            {
                if (IsKey(attribute.Tag) && !IsUniversal(attribute))
                {
                    yield return attribute.Tag;
                }
            }
        }
    }

    /// <summary>A key of the query with its matching kind (PS3.4 C.2.2.2); null when the query does not ask for it.</summary>
    public QueryKey? Key(DicomTag tag) => Identifier.Find(tag) is { } attribute && IsKey(tag) ? QueryKey.Of(Identifier, attribute, Options) : null;

    /// <summary>Every key of the query with its matching kind, in tag order: what a handler translates into its store's own query.</summary>
    public IEnumerable<QueryKey> ParsedKeys
    {
        get
        {
            foreach (var attribute in Identifier)
            {
                if (IsKey(attribute.Tag))
                {
                    yield return QueryKey.Of(Identifier, attribute, Options);
                }
            }
        }
    }

    /// <summary>The value of a matching key as text ("Doe*", "20261201-20261202"); null when it is universal or absent.</summary>
    public string? ValueOf(DicomTag tag) =>
        Identifier.Find(tag) is DicomElement element && !element.IsEmpty ? Text(Identifier, element) : null;

    /// <summary>The same query over its own copy of the Identifier, valid after the handler returns.</summary>
    public DicomQuery Keep() => new(Identifier.Keep(), Options);

    /// <summary>Whether <paramref name="candidate"/> matches every matching key (PS3.4 C.2.2.2); an absent or empty value fails any key that is not universal.</summary>
    public bool Matches(DicomDataset candidate) => MatchesAll(Identifier, candidate, Options, _notSupported);

    /// <summary>Whether <paramref name="candidate"/> matches, with the choices of <paramref name="options"/> instead of this query's.</summary>
    public bool Matches(DicomDataset candidate, DicomQueryOptions options) => MatchesAll(Identifier, candidate, options, _notSupported);

    /// <summary>
    /// The response Identifier for a match (PS3.4 C.4.1.2.3, K.4.1.2.3): each key of the query with the match's value, or
    /// empty where the match has none; sequence keys with items projected onto the item's keys; Specific Character Set
    /// of the match, so its text reads as stored; the Query/Retrieve Level as asked.
    /// </summary>
    public DicomDataset Project(DicomDataset match)
    {
        var result = ProjectOnto(Identifier, match);
        foreach (var key in _notSupported ?? [])
        {
            // Not supported: returned empty rather than with a value the query could not select on.
            if (result.Find(key) is { } asked)
            {
                result.Add(asked is DicomSequence ? new DicomSequence(key) : new DicomElement(key, asked.VR, ReadOnlyMemory<byte>.Empty));
            }
        }

        if (match.Find(DicomTag.SpecificCharacterSet) is DicomElement charset)
        {
            result.Add(Copy(charset, match));
        }

        if (Identifier.Find(DicomTag.QueryRetrieveLevel) is DicomElement level)
        {
            result.Add(Copy(level, Identifier));
        }

        return result;
    }

    private static bool IsKey(DicomTag tag) =>
        tag.Element != 0 && tag != DicomTag.SpecificCharacterSet && tag != DicomTag.QueryRetrieveLevel && tag != DicomTag.TimezoneOffsetFromUTC;

    private static bool IsUniversal(DicomAttribute attribute) => attribute switch
    {
        DicomElement element => element.IsEmpty,
        DicomSequence sequence => sequence.Count == 0 || sequence[0].Count == 0,
        _ => true,
    };

    private static bool MatchesAll(DicomDataset keys, DicomDataset candidate, DicomQueryOptions options, HashSet<DicomTag>? ignored = null)
    {
        foreach (var key in keys)
        {
            if (!IsKey(key.Tag) || IsUniversal(key) || ignored?.Contains(key.Tag) == true)
            {
                continue;
            }

            if (options.CombineDateAndTime && PairOf(key.Tag) is { } pair && BothGiven(keys, pair))
            {
                // Matched once, at the date key; the time key is part of it.
                if (key.Tag == pair.Date && !MatchesDateTime(keys, candidate, pair))
                {
                    return false;
                }

                continue;
            }

            if (!MatchesKey(key, keys, candidate, options))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesKey(DicomAttribute key, DicomDataset keys, DicomDataset candidate, DicomQueryOptions options)
    {
        if (key is DicomSequence sequence)
        {
            // Sequence matching (C.2.2.2.6): some item of the candidate's sequence matches every key of the query's item.
            if (candidate.Find(key.Tag) is not DicomSequence stored)
            {
                return false;
            }

            foreach (var item in stored.Items)
            {
                if (MatchesAll(sequence[0], item, options))
                {
                    return true;
                }
            }

            return false;
        }

        if (candidate.Find(key.Tag) is not DicomElement value || value.IsEmpty)
        {
            return false;
        }

        var vr = key.VR == DicomVR.UN ? value.VR : key.VR;
        var text = Text(keys, (DicomElement)key);
        foreach (var stored in StoredValues(candidate, value))
        {
            if (QueryValueMatching.Matches(vr, text, stored, options.PersonNameIgnoresCase))
            {
                return true;
            }
        }

        return false;
    }

    private static (DicomTag Date, DicomTag Time)? PairOf(DicomTag tag)
    {
        foreach (var pair in DateTimePairs)
        {
            if (pair.Date == tag || pair.Time == tag)
            {
                return pair;
            }
        }

        return null;
    }

    private static bool BothGiven(DicomDataset keys, (DicomTag Date, DicomTag Time) pair) =>
        keys.Find(pair.Date) is DicomElement { IsEmpty: false } && keys.Find(pair.Time) is DicomElement { IsEmpty: false };

    /// <summary>Combined datetime matching: the date and time keys become one DT range, the candidate's date and time one DT value.</summary>
    private static bool MatchesDateTime(DicomDataset keys, DicomDataset candidate, (DicomTag Date, DicomTag Time) pair)
    {
        if (candidate.GetStringOrDefault(pair.Date)?.Trim() is not { Length: > 0 } storedDate)
        {
            return false;
        }

        var storedTime = candidate.GetStringOrDefault(pair.Time)?.Trim() ?? string.Empty;
        var (dateLow, dateHigh) = Ends(DicomVR.DA, keys.GetString(pair.Date).Trim());
        var (timeLow, timeHigh) = Ends(DicomVR.TM, keys.GetString(pair.Time).Trim());
        var value = QueryValueMatching.Comparable(DicomVR.DT, storedDate + storedTime, upper: false);
        var low = dateLow.Length == 0 ? string.Empty : QueryValueMatching.Comparable(DicomVR.DT, Digits(dateLow, 8) + timeLow, upper: false);
        var high = dateHigh.Length == 0 ? string.Empty : QueryValueMatching.Comparable(DicomVR.DT, Digits(dateHigh, 8) + timeHigh, upper: true);
        return (low.Length == 0 || string.CompareOrdinal(value, low) >= 0) && (high.Length == 0 || string.CompareOrdinal(value, high) <= 0);
    }

    /// <summary>A single value is a range from itself to itself.</summary>
    private static (string Low, string High) Ends(DicomVR vr, string key) =>
        QueryValueMatching.IsRange(vr, key) ? QueryValueMatching.SplitRange(vr, key) : (key, key);

    /// <summary>A date end of a combined range, completed to YYYYMMDD so that the time follows it in the right place.</summary>
    private static string Digits(string date, int length) => QueryValueMatching.Comparable(DicomVR.DA, date, upper: false)[..length];

    private static IEnumerable<string> StoredValues(DicomDataset candidate, DicomElement value) =>
        value.VR.Kind == DicomVRKind.SingleText ? [candidate.GetString(value.Tag)] : candidate.GetStrings(value.Tag);

    internal static string Text(DicomDataset dataset, DicomElement element) =>
        element.VR.IsString || element.VR == DicomVR.UN ? dataset.GetString(element.Tag) : string.Join('\\', dataset.GetStrings(element.Tag));

    private static DicomDataset ProjectOnto(DicomDataset keys, DicomDataset match)
    {
        var result = new DicomDataset();
        foreach (var key in keys)
        {
            if (!IsKey(key.Tag))
            {
                continue;
            }

            switch (key, match.Find(key.Tag))
            {
                case (DicomSequence asked, DicomSequence stored):
                    result.Add(asked.Count == 0 || asked[0].Count == 0
                        ? CopySequence(stored)
                        : new DicomSequence(key.Tag, stored.Items.Select(item => ProjectOnto(asked[0], item)).ToList()));
                    break;
                case (DicomSequence, _):
                    result.Add(new DicomSequence(key.Tag));
                    break;
                case (_, DicomElement stored):
                    result.Add(Copy(stored, match));
                    break;
                default:
                    result.Add(new DicomElement(key.Tag, key.VR, ReadOnlyMemory<byte>.Empty));
                    break;
            }
        }

        return result;
    }

    /// <summary>An element's bytes as they are encoded in its own dataset's character set (the result carries that character set).</summary>
    private static DicomElement Copy(DicomElement element, DicomDataset owner) => new(element.Tag, element.VR, element.Encode(owner.CharacterSet).ToArray());

    /// <summary>A whole sequence, for a key asked for with no item keys (C.2.2.1.3: all of it is returned).</summary>
    private static DicomSequence CopySequence(DicomSequence sequence) => new(sequence.Tag, sequence.Items.Select(CopyItem).ToList());

    private static DicomDataset CopyItem(DicomDataset item)
    {
        var copy = new DicomDataset();
        foreach (var attribute in item)
        {
            copy.Add(attribute is DicomSequence nested ? CopySequence(nested) : Copy((DicomElement)attribute, item));
        }

        return copy;
    }
}
