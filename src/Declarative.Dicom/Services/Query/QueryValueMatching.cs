using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// The value matching kinds of PS3.4 C.2.2.2, one key value against one stored value: single value, wildcard (only for
/// the VRs C.2.2.2.4 allows), list of UIDs, and range for DA, TM and DT. Universal and sequence matching are decided by
/// <see cref="DicomQuery"/>, which knows the attribute around the value.
/// </summary>
internal static class QueryValueMatching
{
    /// <summary>PS3.4 C.2.2.2.4: wildcards are matching characters in some VRs only (the catalogue's rule, which the generated builders follow too).</summary>
    public static bool AllowsWildcards(DicomVR vr) => Catalogue.QueryMatchingRules.AllowsWildcards(vr.Code);

    /// <summary>DA, TM and DT keys with a hyphen are ranges (C.2.2.2.5).</summary>
    public static bool IsRange(DicomVR vr, string key) => (vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT) && key.Contains('-')
        && key.Trim() != "-";

    /// <summary>Whether one key value matches one stored value of an attribute of <paramref name="vr"/>.</summary>
    public static bool Matches(DicomVR vr, string key, string stored, bool personNameIgnoresCase)
    {
        if (vr == DicomVR.UI)
        {
            // List of UID matching (C.2.2.2.2): any of the key's values.
            foreach (var uid in key.Split('\\'))
            {
                if (uid.Trim() == stored)
                {
                    return true;
                }
            }

            return false;
        }

        if (IsRange(vr, key))
        {
            return InRange(vr, key, stored);
        }

        if (vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT)
        {
            return Comparable(vr, key, upper: false) == Comparable(vr, stored, upper: false);
        }

        var comparison = vr == DicomVR.PN && personNameIgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (vr == DicomVR.PN)
        {
            // Trailing empty components are not part of a name (PS3.5 6.2): "Doe^Jane^^^" is "Doe^Jane".
            key = key.TrimEnd('^', ' ');
            stored = stored.TrimEnd('^', ' ');
        }

        if (AllowsWildcards(vr) && (key.Contains('*') || key.Contains('?')))
        {
            return Wildcard(key, stored, comparison);
        }

        return string.Equals(key, stored, comparison);
    }

    /// <summary>
    /// A range key "a-b", "-b" or "a-" against a stored value; both ends included. Partial values are compared at the
    /// precision the standard gives them: a missing part of a lower bound is its smallest value, of an upper bound its largest.
    /// </summary>
    public static bool InRange(DicomVR vr, string key, string stored)
    {
        var (low, high) = SplitRange(vr, key);
        var value = Comparable(vr, stored, upper: false);
        if (value.Length == 0)
        {
            return false;
        }

        return (low.Length == 0 || string.CompareOrdinal(value, Comparable(vr, low, upper: false)) >= 0)
            && (high.Length == 0 || string.CompareOrdinal(value, Comparable(vr, high, upper: true)) <= 0);
    }

    /// <summary>
    /// A range's two ends, either empty. In a DT range a hyphen may also start a UTC offset ("-0500"): a hyphen followed by
    /// four digits and then the end or another hyphen is taken as an offset when the key has a hyphen elsewhere.
    /// </summary>
    public static (string Low, string High) SplitRange(DicomVR vr, string key)
    {
        var at = key.IndexOf('-');
        if (vr == DicomVR.DT && key.IndexOf('-', at + 1) > 0)
        {
            for (var i = 0; i < key.Length; i++)
            {
                if (key[i] == '-' && !(i > 0 && IsOffset(key, i)))
                {
                    at = i;
                    break;
                }
            }
        }

        return (key[..at].Trim(), key[(at + 1)..].Trim());
    }

    private static bool IsOffset(string key, int at) =>
        at + 5 <= key.Length && key.AsSpan(at + 1, 4).IndexOfAnyExceptInRange('0', '9') < 0 && (at + 5 == key.Length || key[at + 5] == '-');

    /// <summary>A value in a form that compares as text in time order: DA "YYYYMMDD", TM "HHMMSS.FFFFFF", DT both, without offset.</summary>
    public static string Comparable(DicomVR vr, string value, bool upper)
    {
        value = value.Trim().Replace(":", string.Empty);
        if (value.Length == 0)
        {
            return value;
        }

        if (vr == DicomVR.DA)
        {
            value = value.Replace(".", string.Empty); // ACR-NEMA "YYYY.MM.DD"
            return Pad(value, "00000101", "99991231", upper);
        }

        if (vr == DicomVR.TM)
        {
            return Time(value, upper);
        }

        // DT: YYYYMMDDHHMMSS.FFFFFF&ZZXX; the offset is dropped (values are compared as written).
        var offset = value.IndexOfAny(['+', '-'], 4);
        if (offset > 0)
        {
            value = value[..offset];
        }

        var date = value.Length > 8 ? value[..8] : value;
        var time = value.Length > 8 ? value[8..] : string.Empty;
        return Pad(date, "00000101", "99991231", upper) + (time.Length == 0 ? (upper ? "235959.999999" : "000000.000000") : Time(time, upper));
    }

    /// <summary>"HHMMSS.FFFFFF": the parts a partial time leaves out are its smallest values, or for an upper bound its largest.</summary>
    private static string Time(string value, bool upper)
    {
        var dot = value.IndexOf('.');
        var whole = Pad(dot < 0 ? value : value[..dot], "000000", "235959", upper);
        var fraction = dot < 0 ? string.Empty : value[(dot + 1)..];
        fraction = fraction.Length >= 6 ? fraction[..6] : fraction.PadRight(6, upper ? '9' : '0');
        return whole + "." + fraction;
    }

    private static string Pad(string value, string lowest, string highest, bool upper) =>
        value.Length >= lowest.Length ? value[..lowest.Length] : value + (upper ? highest : lowest)[value.Length..];

    /// <summary>* matches any run of characters (also none), ? exactly one (C.2.2.2.4).</summary>
    public static bool Wildcard(string pattern, string value, StringComparison comparison)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        var ignoreCase = comparison == StringComparison.OrdinalIgnoreCase;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
