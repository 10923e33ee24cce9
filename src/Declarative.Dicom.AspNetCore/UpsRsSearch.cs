using System.Globalization;
using Declarative.Dicom.Data;
using Microsoft.AspNetCore.Http;

namespace Declarative.Dicom.AspNetCore;

/// <summary>
/// The query of a Search transaction (PS3.18 11.9, 8.3.4): matching keys as <c>{attributeID}={value}</c>, return keys as
/// <c>includefield</c> (or <c>all</c>), <c>limit</c> and <c>offset</c>; <c>fuzzymatching</c> is accepted and not applied.
/// </summary>
internal sealed record UpsRsSearch(DicomQuery Query, bool AllFields, int Offset, int Limit)
{
    /// <summary>Results of one search at most, whatever <c>limit</c> asks: a worklist is read in pages.</summary>
    public const int MaxLimit = 1000;

    public static UpsRsSearch Parse(IQueryCollection query)
    {
        var keys = new DicomDataset();
        var all = false;
        var offset = 0;
        var limit = MaxLimit;
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                switch (name.ToLowerInvariant())
                {
                    case "includefield":
                        foreach (var field in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (field.Equals("all", StringComparison.OrdinalIgnoreCase))
                            {
                                all = true;
                            }
                            else if (!keys.Contains(TagOf(field)))
                            {
                                Add(keys, field, null);
                            }
                        }

                        break;
                    case "limit":
                        limit = Math.Min(MaxLimit, Number(name, value, minimum: 1));
                        break;
                    case "offset":
                        offset = Number(name, value, minimum: 0);
                        break;
                    case "fuzzymatching":
                        break;
                    default:
                        Add(keys, name, value);
                        break;
                }
            }
        }

        // The workitem's identity is returned with every match, as a C-FIND's would be with these keys.
        foreach (var tag in new[] { DicomTag.SOPClassUID, DicomTag.SOPInstanceUID, DicomTag.ProcedureStepState })
        {
            if (!keys.Contains(tag))
            {
                keys.Set(tag, Array.Empty<string>());
            }
        }

        return new UpsRsSearch(new DicomQuery(keys), all, offset, limit);
    }

    private static void Add(DicomDataset keys, string path, string? value)
    {
        try
        {
            DicomQueryKeys.Add(keys, path, value);
        }
        catch (FormatException ex)
        {
            throw new UpsRsRefusal(400, ex.Message);
        }
    }

    private static DicomTag TagOf(string field)
    {
        var probe = new DicomDataset();
        Add(probe, field, null);
        return probe.First().Tag;
    }

    private static int Number(string name, string? value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new UpsRsRefusal(400, $"{name}={value} is not a whole number of at least {minimum}.");
}
