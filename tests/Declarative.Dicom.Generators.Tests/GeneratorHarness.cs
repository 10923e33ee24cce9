using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Generators.Tests;

/// <summary>What every generator test compiles against: .NET 8 reference assemblies and the runtime.</summary>
internal static class GeneratorHarness
{
    public static ReferenceAssemblies References { get; } = ReferenceAssemblies.Net.Net80;

    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(EventReportAttribute).Assembly.Location);

    public static async Task<CSharpCompilation> CompilationAsync(params string[] sources)
    {
        var references = await References.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        return CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"File{i}.cs")),
            references.Add(Runtime),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}
