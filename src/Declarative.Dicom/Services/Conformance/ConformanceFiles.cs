using System.Reflection;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Conformance;

/// <summary>
/// Writes an application's conformance statement next to its build output: NAME.dicom-conformance.md and .json.
/// The build calls <see cref="Write"/> through a small launcher (Declarative.Dicom.Conformance.dll) that loads the
/// application with its own dependencies; an application may also call it, e.g. with the options it really runs with.
/// </summary>
public static class ConformanceFiles
{
    /// <summary>Writes the statement of the handler classes in <paramref name="assembly"/>; returns the Markdown file's path, or null when it has none.</summary>
    public static string? Write(string application, Assembly assembly, string directory, DicomServerOptions? options = null)
    {
        var operations = HandledOperationsIn(assembly);
        if (operations.Count == 0)
        {
            return null;
        }

        var statement = ConformanceStatement.From(application, operations, options);
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, application + ".dicom-conformance.md");
        File.WriteAllText(markdown, ConformanceMarkdown.Render(statement));
        File.WriteAllText(Path.Combine(directory, application + ".dicom-conformance.json"), ConformanceJson.Render(statement));
        return markdown;
    }

    /// <summary>The HandledOperations the generator wrote into each handler class of the assembly, classes in name order.</summary>
    public static IReadOnlyList<HandledOperation> HandledOperationsIn(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            types = partial.Types;
        }

        return types
            .Where(t => t is not null && typeof(IDicomServiceHandler).IsAssignableFrom(t))
            .OrderBy(t => t!.FullName, StringComparer.Ordinal)
            .Select(t => t!.GetProperty("HandledOperations", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<IReadOnlyList<HandledOperation>>()
            .SelectMany(o => o)
            .ToList();
    }
}
