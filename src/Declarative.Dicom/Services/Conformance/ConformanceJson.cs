using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Declarative.Dicom.Conformance;

/// <summary>Renders a <see cref="ConformanceStatement"/> as JSON, for tools that compare statements between releases.</summary>
public static class ConformanceJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Render(ConformanceStatement statement) => JsonSerializer.Serialize(statement, Options);
}
