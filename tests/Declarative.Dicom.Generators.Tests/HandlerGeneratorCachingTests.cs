using Declarative.Dicom.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Dicom.Generators.Tests;

/// <summary>An edit that does not touch a handler leaves every step of the pipeline cached: the IDE does no work for it.</summary>
public class HandlerGeneratorCachingTests
{
    private const string Handlers = """
        using Declarative.Dicom;
        namespace Demo;
        public partial class Listener
        {
            [EventReport(SopClass.StorageCommitmentPushModel, 1)]
            public DimseStatus A(StorageCommitmentSuccessful report) => DimseStatus.Success;

            [NAction(SopClass.StorageCommitmentPushModel, 1)]
            public DimseStatus B(StorageCommitmentRequest request) => DimseStatus.Success;

            [CStore]
            public void C(CStoreRequest request) { }
        }
        """;

    private static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            [new HandlerGenerator().AsSourceGenerator()],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    [Fact]
    public async Task UnrelatedEdit_LeavesHandlersAndClassesCached()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers, "namespace Demo; public class Other { public int X; }");
        var driver = Driver().RunGenerators(compilation);
        var edited = Edit(compilation, 1, "namespace Demo; public class Other { public int X; public int Y; }");

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, TrackingNames.Handlers, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAll(result, TrackingNames.Classes, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public async Task EditInsideAHandlerBody_ReparsesButLeavesTheClassModelUnchanged()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers);
        var driver = Driver().RunGenerators(compilation);
        var edited = Edit(compilation, 0, Handlers.Replace("=> DimseStatus.Success;", "=> DimseStatus.ProcessingFailure;"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, TrackingNames.Handlers, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertAll(result, TrackingNames.Classes, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public async Task NewBinding_ChangesTheClassModel()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers);
        var driver = Driver().RunGenerators(compilation);
        var edited = Edit(compilation, 0, Handlers.Replace("[EventReport(SopClass.StorageCommitmentPushModel, 1)]", "[EventReport(SopClass.StorageCommitmentPushModel, 1)][EventReport(SopClass.Printer, 1)]"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Classes].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public async Task AnotherKindOnAnExistingMethod_ChangesTheClassModel()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers);
        var driver = Driver().RunGenerators(compilation);
        var edited = Edit(compilation, 0, Handlers.Replace("[CStore]", "[CStore][CEcho]").Replace("void C(CStoreRequest request)", "void C(DimseRequest request)"));

        var run = driver.RunGenerators(edited).GetRunResult();

        Assert.Contains(run.Results.Single().TrackedSteps[TrackingNames.Classes].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("case global::Declarative.Dicom.CEchoRequest cEchoRequest:", run.GeneratedTrees.Single().ToString());
    }

    [Fact]
    public async Task ConcurrentHandlerAdded_ChangesTheClassModel_AndTheDispatchLetsTheCallOverlap()
    {
        var compilation = await GeneratorHarness.CompilationAsync(Handlers);
        var driver = Driver().RunGenerators(compilation);
        var edited = Edit(compilation, 0, Handlers
            .Replace("[EventReport(SopClass.StorageCommitmentPushModel, 1)]", "[EventReport(SopClass.StorageCommitmentPushModel, 1)][ConcurrentHandler]")
            .Replace("public DimseStatus A(StorageCommitmentSuccessful report) => DimseStatus.Success;",
                "public System.Threading.Tasks.Task<DimseStatus> A(StorageCommitmentSuccessful report) => System.Threading.Tasks.Task.FromResult(DimseStatus.Success);"));

        var run = driver.RunGenerators(edited).GetRunResult();
        var generated = run.GeneratedTrees.Single().ToString();

        Assert.Contains(run.Results.Single().TrackedSteps[TrackingNames.Classes].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(generated.Split("request.AllowConcurrency();")[1..]); // in A's invoker only
        Assert.Contains("\"1.2.840.10008.1.20.1\", 1, \"A\", true)", generated);
        Assert.Contains("\"1.2.840.10008.1.20.1\", 1, \"B\")", generated);
    }

    /// <summary>The compilation with one of its files (by index) replaced by new text, as an edit in the IDE would.</summary>
    private static Compilation Edit(Compilation compilation, int file, string text)
    {
        var tree = compilation.SyntaxTrees.ElementAt(file);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)tree.Options, path: tree.FilePath));
    }

    private static void AssertAll(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }
}
