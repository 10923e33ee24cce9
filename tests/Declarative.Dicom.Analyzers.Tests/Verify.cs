using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

/// <summary>Runs an analyzer (and a fix) over user code compiled against .NET 8 and the runtime, as a consumer would.</summary>
internal static class Verify<TAnalyzer> where TAnalyzer : DiagnosticAnalyzer, new()
{
    public const string Usings = "using System.Threading.Tasks;\nusing Declarative.Dicom;\nusing Declarative.Dicom.Data;\n";

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Error);

    public static async Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = Usings + source };
        Configure(test.TestState);
        test.ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static Task CodeFixAsync<TFix>(string source, string fixedSource, int? actionIndex, params DiagnosticResult[] expected) where TFix : CodeFixProvider, new() =>
        CodeFixAsync<TFix>(Usings + source, Usings + fixedSource, actionIndex, expected, addUsings: false);

    /// <summary>For fixes that touch the usings: the sources are taken whole.</summary>
    public static async Task CodeFixAsync<TFix>(string source, string fixedSource, int? actionIndex, DiagnosticResult[] expected, bool addUsings) where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = addUsings ? Usings + source : source,
            FixedCode = addUsings ? Usings + fixedSource : fixedSource,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            CodeActionIndex = actionIndex,
        };
        Configure(test.TestState);
        Configure(test.FixedState);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>The diagnostic is reported and the fix offers nothing for it: the code stays as it is.</summary>
    public static async Task NoFixAsync<TFix>(string source, params DiagnosticResult[] expected) where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + source,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        Configure(test.TestState);
        Configure(test.FixedState);
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    private static void Configure(SolutionState state) =>
        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(EventReportAttribute).Assembly.Location));
}
