using Declarative.Dicom.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

public class ReplyDatasetAnalyzerTests
{
    private static DiagnosticResult Warning(int location, string message) =>
        new DiagnosticResult("DCM1002", DiagnosticSeverity.Warning).WithLocation(location).WithMessage(message);

    [Fact]
    public async Task ReplyWithAFailureStatus_IsAWarningOnTheReply()
    {
        await Verify<ReplyDatasetAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public EventReportResult OnFailures(StorageCommitmentFailuresExist report) =>
                    new EventReportResult(DimseStatus.ProcessingFailure, {|#0:new DicomDataset()|});
            }
            """, Warning(0, "A reply dataset goes only with Success or Warning; with status 0x0110 it is dropped on the wire"));
    }

    [Fact]
    public async Task ReplyWhereTheEventDefinesNone_IsAWarning()
    {
        await Verify<ReplyDatasetAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public EventReportResult OnCommitted(StorageCommitmentSuccessful report) => EventReportResult.Success({|#0:report.Dataset|});
            }
            """, Warning(0, "'Storage Commitment Request Successful' defines no Event Reply; the dataset returned here is dropped on the wire"));
    }

    [Fact]
    public async Task ResultsWithoutReply_AreFine()
    {
        await Verify<ReplyDatasetAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public EventReportResult OnCommitted(StorageCommitmentSuccessful report, bool ok) =>
                    ok ? EventReportResult.Success() : new EventReportResult(DimseStatus.ProcessingFailure, null, "disk full");
            }
            """);
    }

    [Fact]
    public async Task Fix_RemovesTheReply()
    {
        await Verify<ReplyDatasetAnalyzer>.CodeFixAsync<RemoveReplyCodeFix>("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public EventReportResult OnFailures(StorageCommitmentFailuresExist report) =>
                    new EventReportResult(DimseStatus.ProcessingFailure, {|#0:new DicomDataset()|});
            }
            """, """
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public EventReportResult OnFailures(StorageCommitmentFailuresExist report) =>
                    new EventReportResult(DimseStatus.ProcessingFailure, null);
            }
            """, null, Warning(0, "A reply dataset goes only with Success or Warning; with status 0x0110 it is dropped on the wire"));
    }
}
