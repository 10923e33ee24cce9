using Declarative.Dicom.Generators.EventReport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Dicom.Generators.Tests;

/// <summary>An edit that does not touch a handler leaves every step of the pipeline cached: the IDE does no work for it.</summary>
public class EventReportGeneratorCachingTests
{
    private const string Handlers = """
        using Declarative.Dicom;
        namespace Demo;
        public partial class Listener
        {
            [EventReport(SopClass.StorageCommitmentPushModel, 1)]
            public DimseStatus A(StorageCommitmentSuccessful report) => DimseStatus.Success;
        }
        """;

    private static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            [new EventReportGenerator().AsSourceGenerator()],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    [Fact]
    public async Task UnrelatedEdit_LeavesHandlersAndClassesCached()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers, "namespace Demo; public class Other { public int X; }");
        var driver = Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; public class Other { public int X; public int Y; }", (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "File1.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, TrackingNames.Handlers, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAll(result, TrackingNames.Classes, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public async Task EditInsideAHandlerBody_ReparsesButLeavesTheClassModelUnchanged()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers);
        var driver = Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Handlers.Replace("=> DimseStatus.Success;", "=> DimseStatus.ProcessingFailure;"), (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "File0.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, TrackingNames.Handlers, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertAll(result, TrackingNames.Classes, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public async Task NewBinding_ChangesTheClassModel()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers);
        var driver = Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Handlers.Replace("[EventReport(SopClass.StorageCommitmentPushModel, 1)]", "[EventReport(SopClass.StorageCommitmentPushModel, 1)][EventReport(SopClass.Printer, 1)]"), (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "File0.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Classes].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    private static void AssertAll(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }
}
