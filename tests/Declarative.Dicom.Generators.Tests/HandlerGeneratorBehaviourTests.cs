using Declarative.Dicom.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Dicom.Generators.Tests;

/// <summary>What the generator writes, and does not write, for the shapes a user may try; the output always compiles.</summary>
public class HandlerGeneratorBehaviourTests
{
    private static async Task<(Compilation Output, GeneratorDriverRunResult Result)> RunAsync(string source)
    {
        var compilation = await GeneratorHarness.CompilationAsync(source);
        var driver = CSharpGeneratorDriver.Create(new HandlerGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (output, driver.GetRunResult());
    }

    [Fact]
    public async Task EveryHandlerShape_Compiles()
    {
        var (output, result) = await RunAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Declarative.Dicom;
            using Declarative.Dicom.Data;
            namespace Demo;
            public partial class Outer
            {
                public partial class Listener
                {
                    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                    public Task<EventReportResult> A(StorageCommitmentSuccessful report, CancellationToken token) => Task.FromResult<EventReportResult>(DimseStatus.Success);
                    [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                    public ValueTask B(NEventReportRequest request) => default;
                    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)]
                    [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 5)]
                    public DicomDataset C(CancellationToken token, NEventReportRequest request) => new();
                    [EventReport("1.2.826.0.1.3680043.2.1125.99.1", 7)]
                    public ushort D(NEventReportRequest request) => 0;
                }
            }
            """);

        Assert.Empty(GeneratorHarness.Errors(output));
        var generated = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains("partial class Outer", generated);
        Assert.Contains("case \"1.2.826.0.1.3680043.2.1125.99.1\":", generated);
        Assert.Contains("await A(accessor, cancellationToken)", generated);
    }

    [Fact]
    public async Task CFindHandlers_StreamTheirMatches_AfterTheIdentifierIsChecked()
    {
        var (output, result) = await RunAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using Declarative.Dicom;
            using Declarative.Dicom.Data;
            namespace Demo;
            public partial class Archive
            {
                [CFind(SopClass.FINDModalityWorklistInformationModel)]
                public async IAsyncEnumerable<DicomDataset> Worklist(DicomQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
                {
                    await System.Threading.Tasks.Task.Yield();
                    yield return query.Identifier;
                }

                [CFind(SopClass.FINDStudyRootQueryRetrieveInformationModel)]
                [CFind(SopClass.FINDPatientRootQueryRetrieveInformationModel)]
                public IAsyncEnumerable<DicomDataset> Studies(CFindRequest request) => throw new System.NotSupportedException();
            }
            """);

        Assert.Empty(GeneratorHarness.Errors(output));
        var generated = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains("case \"1.2.840.10008.5.1.4.31\":", generated);
        Assert.Contains("case \"1.2.840.10008.5.1.4.1.2.1.1\":", generated);
        Assert.Contains("HandlerResults.RefuseQuery(request) is { } refusal", generated);
        Assert.Contains("var result = Worklist(request.Query, cancellationToken);", generated);
        Assert.Contains("HandlerResults.Matches(request, result)", generated);
        Assert.Contains("new global::Declarative.Dicom.Network.PresentationContextPolicy(\"1.2.840.10008.5.1.4.31\") { RequestorMayBeScu = true, RequestorMayBeScp = false }", generated);
    }

    [Theory]
    [InlineData("public partial class Listener { [CFind(SopClass.FINDModalityWorklistInformationModel)] public DimseStatus A() => DimseStatus.Success; }")]
    [InlineData("public partial class Listener { [CStore] public System.Collections.Generic.IAsyncEnumerable<Declarative.Dicom.Data.DicomDataset> A() => null!; }")]
    [InlineData("public partial class Listener { [CStore] public void A(DicomQuery query) { } }")]
    public async Task StreamsOutsideCFind_AndCFindWithoutAStream_GenerateNothing(string declaration)
    {
        var (_, result) = await RunAsync("using Declarative.Dicom; namespace Demo; " + declaration);

        Assert.Empty(result.GeneratedTrees);
    }

    [Theory]
    [InlineData("public class Listener { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public void A() { } }")]
    [InlineData("public partial class Listener { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public static void A() { } }")]
    [InlineData("public partial class Listener { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public string A() => \"\"; }")]
    [InlineData("public partial class Listener { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public void A(int x) { } }")]
    [InlineData("public partial class Listener { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public void A(ref NEventReportRequest r) { } }")]
    [InlineData("public partial class Listener<T> { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public void A() { } }")]
    public async Task ShapesTheDispatchCannotCall_GenerateNothing(string declaration)
    {
        var (_, result) = await RunAsync("using Declarative.Dicom; namespace Demo; " + declaration);

        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public async Task AccessorOfAnotherEventType_DropsThatBinding_ButKeepsTheRest()
    {
        var (output, result) = await RunAsync("""
            using Declarative.Dicom;
            namespace Demo;
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public DimseStatus A(StorageCommitmentSuccessful report) => DimseStatus.Success;
            }
            """);

        Assert.Empty(GeneratorHarness.Errors(output));
        var generated = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains("case 1:", generated);
        Assert.DoesNotContain("case 2:", generated);
    }
}
