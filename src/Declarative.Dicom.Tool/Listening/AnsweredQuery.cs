using System.Text.Json;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tool.Listening;

/// <summary>A query `listen --worklist` answered: who asked, its matching keys as text, how many matches went back, and whether it was cancelled.</summary>
internal sealed record AnsweredQuery(DateTimeOffset Time, string CallingAE, string CalledAE, string Model, string Keys, int Matches, bool Cancelled)
{
    /// <summary>"PatientName=Do*, ScheduledProcedureStepSequence[Modality=CT, ScheduledProcedureStepStartDate=20261201-]"; "(every item)" for none.</summary>
    public static string Describe(DicomQuery query)
    {
        var parts = query.ParsedKeys.Where(k => k.Matching != QueryMatching.Universal).Select(Text).ToList();
        return parts.Count == 0 ? "(every item)" : string.Join(", ", parts);
    }

    private static string Text(QueryKey key)
    {
        var name = DicomDictionary.Lookup(key.Tag)?.Keyword ?? key.Tag.ToString();
        return key.Matching switch
        {
            QueryMatching.Sequence => $"{name}[{Describe(key.Item!)}]",
            QueryMatching.Range => $"{name}={key.Low}-{key.High}",
            QueryMatching.UidList => $"{name}={string.Join("\\", key.Values)}",
            _ => $"{name}={key.Value}",
        };
    }

    public string ToText() =>
        $"{Time:yyyy-MM-dd HH:mm:ss.fff} C-FIND ({Model}) from {CallingAE} to {CalledAE}: {Keys}: {Matches} match(es){(Cancelled ? ", cancelled" : string.Empty)}";

    public string ToJson(bool forLivePage = false) => JsonSerializer.Serialize(new
    {
        kind = forLivePage ? "query" : null,
        time = Time,
        callingAE = CallingAE,
        calledAE = CalledAE,
        model = Model,
        keys = Keys,
        matches = Matches,
        cancelled = Cancelled,
    }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
}
