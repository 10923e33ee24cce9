using Declarative.Dicom.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

public class ConcurrentHandlerAnalyzerTests
{
    private static DiagnosticResult NoEffect(int location, string message) =>
        new DiagnosticResult("DCM1008", DiagnosticSeverity.Warning).WithLocation(location).WithMessage(message + "; [ConcurrentHandler] has no effect");

    [Fact]
    public async Task OnAMethodThatIsNotAHandler_OrAHandlerThatCompletesBeforeItReturns_IsReportedAtTheAttribute()
    {
        await Verify<ConcurrentHandlerAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [{|#0:ConcurrentHandler|}]
                public Task Helper() => Task.CompletedTask;

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                [{|#1:ConcurrentHandler|}]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report) => DimseStatus.Success;
            }
            """,
            NoEffect(0, "'Helper' is not a DIMSE handler (no [EventReport], [NAction], [NCreate], [NSet], [NGet], [NDelete], [CEcho], [CStore], [CFind], [CMove] or [CGet])"),
            NoEffect(1, "'OnCommitted' returns DimseStatus: it completes before it returns, so no later request can overlap it"));
    }

    [Fact]
    public async Task OnAHandlerThatReturnsATask_IsNotReported()
    {
        await Verify<ConcurrentHandlerAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                [ConcurrentHandler]
                public async Task<DimseStatus> OnCommitted(StorageCommitmentSuccessful report)
                {
                    await Task.Yield();
                    return DimseStatus.Success;
                }

                [NAction(SopClass.StorageCommitmentPushModel, 1)]
                [ConcurrentHandler]
                public ValueTask<DimseResult> OnCommit(NActionRequest request) => new(DimseResult.Success());
            }
            """);
    }

    [Fact]
    public async Task Fix_RemovesTheAttribute_KeepingTheDocumentationAndTheOtherAttributes()
    {
        await Verify<ConcurrentHandlerAnalyzer>.CodeFixAsync<RemoveConcurrentHandlerCodeFix>("""
            public partial class Listener
            {
                /// <summary>Counts.</summary>
                [{|#0:ConcurrentHandler|}]
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report) => DimseStatus.Success;

                [EventReport(SopClass.StorageCommitmentPushModel, 2), {|#1:ConcurrentHandler|}]
                public DimseStatus OnFailures(StorageCommitmentFailuresExist report) => DimseStatus.Success;
            }
            """, """
            public partial class Listener
            {
                /// <summary>Counts.</summary>
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report) => DimseStatus.Success;

                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public DimseStatus OnFailures(StorageCommitmentFailuresExist report) => DimseStatus.Success;
            }
            """, null,
            NoEffect(0, "'OnCommitted' returns DimseStatus: it completes before it returns, so no later request can overlap it"),
            NoEffect(1, "'OnFailures' returns DimseStatus: it completes before it returns, so no later request can overlap it"));
    }
}
