using Declarative.Dicom.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

/// <summary>DCM1007: what a handler is lent for the call (request, dataset, accessor) must not be stored past it; Keep() makes the copy.</summary>
public class BorrowedValueAnalyzerTests
{
    private static DiagnosticResult Kept(int location, string what, string how) =>
        new DiagnosticResult("DCM1007", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(what, how, $"Keep a copy with {what}.Keep()");

    private static DiagnosticResult KeptAttribute(int location, string what, string how) =>
        new DiagnosticResult("DCM1007", DiagnosticSeverity.Warning).WithLocation(location)
            .WithArguments(what, how, "Keep the dataset it comes from with Keep() and take it from the copy");

    [Fact]
    public async Task HandingTheRequestToTheFrameworksOwnService_IsNotReported_ButToACollectionIs()
    {
        await Verify<BorrowedValueAnalyzer>.AnalyzerAsync("""
            using System.Collections.Generic;
            using Declarative.Dicom.State;
            public partial class Steps
            {
                private readonly PerformedProcedureStepWorkflow _steps = null!;
                private readonly List<NSetRequest> _seen = new();

                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public Task<DimseResult> OnSet(NSetRequest request)
                {
                    _seen.Add({|#0:request|});
                    return _steps.SetAsync(request);
                }
            }
            """, Kept(0, "request", "handing it to _seen.Add"));
    }

    [Fact]
    public async Task StoringTheRequestInAField_IsReported_AndTheFixKeepsACopy()
    {
        await Verify<BorrowedValueAnalyzer>.CodeFixAsync<KeepCopyCodeFix>("""
            public partial class Listener
            {
                private NEventReportRequest? _last;

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(NEventReportRequest request)
                {
                    _last = {|#0:request|};
                    return DimseStatus.Success;
                }
            }
            """, """
            public partial class Listener
            {
                private NEventReportRequest? _last;

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(NEventReportRequest request)
                {
                    _last = request.Keep();
                    return DimseStatus.Success;
                }
            }
            """, actionIndex: null, Kept(0, "request", "storing it in _last"));
    }

    [Fact]
    public async Task HandingAnAccessorOrADatasetToACollectionOrChannelTheObjectOwns_IsReported_AndFixed()
    {
        await Verify<BorrowedValueAnalyzer>.CodeFixAsync<KeepCopyCodeFix>("""
            public partial class Listener
            {
                private readonly System.Collections.Concurrent.ConcurrentQueue<StorageCommitmentSuccessful> _reports = new();
                private readonly System.Threading.Channels.Channel<DicomDataset> _datasets = System.Threading.Channels.Channel.CreateUnbounded<DicomDataset>();

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report)
                {
                    _reports.Enqueue({|#0:report|});
                    _datasets.Writer.TryWrite({|#1:report.Dataset|});
                    return DimseStatus.Success;
                }
            }
            """, """
            public partial class Listener
            {
                private readonly System.Collections.Concurrent.ConcurrentQueue<StorageCommitmentSuccessful> _reports = new();
                private readonly System.Threading.Channels.Channel<DicomDataset> _datasets = System.Threading.Channels.Channel.CreateUnbounded<DicomDataset>();

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report)
                {
                    _reports.Enqueue(report.Keep());
                    _datasets.Writer.TryWrite(report.Dataset.Keep());
                    return DimseStatus.Success;
                }
            }
            """, actionIndex: null,
            Kept(0, "report", "handing it to _reports.Enqueue"),
            Kept(1, "report.Dataset", "handing it to _datasets.Writer.TryWrite"));
    }

    [Fact]
    public async Task ALambdaThatRunsLater_CapturingTheRequest_IsReported_WithoutAnAutomaticFix()
    {
        await Verify<BorrowedValueAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [CStore]
                public DimseStatus OnStore(CStoreRequest request)
                {
                    _ = Task.Run(() => System.Console.WriteLine({|#0:request|}.SopInstanceUid));
                    return DimseStatus.Success;
                }
            }
            """, Kept(0, "request", "a lambda passed to Run captures it"));
    }

    [Fact]
    public async Task AttributesEnumeratedFromALentDataset_AreLentToo()
    {
        await Verify<BorrowedValueAnalyzer>.AnalyzerAsync("""
            public partial class Steps
            {
                private readonly DicomDataset _step = new();

                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public DimseStatus OnSet(NSetRequest request)
                {
                    foreach (var attribute in request.ModificationList)
                    {
                        _step.Add({|#0:attribute|});
                    }

                    foreach (var attribute in request.ModificationList.Keep())
                    {
                        _step.Add(attribute);
                    }

                    return DimseStatus.Success;
                }
            }
            """, KeptAttribute(0, "attribute", "handing it to _step.Add"));
    }

    [Fact]
    public async Task AnAttribute_HasNoKeep_SoNoFixIsOffered()
    {
        const string source = """
            public partial class Steps
            {
                private readonly DicomDataset _step = new();

                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public DimseStatus OnSet(NSetRequest request)
                {
                    foreach (var attribute in request.ModificationList)
                    {
                        _step.Add({|#0:attribute|});
                    }

                    return DimseStatus.Success;
                }
            }
            """;
        await Verify<BorrowedValueAnalyzer>.NoFixAsync<KeepCopyCodeFix>(source, KeptAttribute(0, "attribute", "handing it to _step.Add"));
    }

    [Fact]
    public async Task ValuesReadOut_Copies_Locals_AndCallsDuringTheHandler_AreNotReported()
    {
        await Verify<BorrowedValueAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                private readonly System.Collections.Generic.List<string> _transactions = new();
                private NEventReportRequest? _kept;
                private DicomDataset? _information;

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report, NEventReportRequest request)
                {
                    _transactions.Add(report.TransactionUID);
                    _kept = request.Keep();
                    _information = request.EventInformation?.Keep();
                    var local = request;
                    Log(request);
                    var count = System.Linq.Enumerable.Count(report.ReferencedSOPSequence, item => item.ReferencedSOPInstanceUID.Length > 0);
                    return DimseStatus.Success;
                }

                private void Log(NEventReportRequest request) => System.Console.WriteLine(request.SopInstanceUid);
            }
            """);
    }

    [Fact]
    public async Task PassingItToAHelperOfTheTypeThatKeepsIt_IsReportedAtTheCall_AndTheFixKeepsACopy()
    {
        await Verify<BorrowedValueAnalyzer>.CodeFixAsync<KeepCopyCodeFix>("""
            public partial class Listener
            {
                private readonly System.Collections.Generic.List<DicomDataset> _seen = new();
                private NEventReportRequest? _last;

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(NEventReportRequest request, StorageCommitmentSuccessful report)
                {
                    Remember({|#0:request|}, report.TransactionUID);
                    Note({|#1:report.Dataset|});
                    Print(request);
                    return DimseStatus.Success;
                }

                private void Remember(NEventReportRequest request, string transaction) => _last = request;

                private void Note(DicomDataset dataset) => _seen.Add(dataset);

                private static void Print(NEventReportRequest request) => System.Console.WriteLine(request.SopInstanceUid);
            }
            """, """
            public partial class Listener
            {
                private readonly System.Collections.Generic.List<DicomDataset> _seen = new();
                private NEventReportRequest? _last;

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(NEventReportRequest request, StorageCommitmentSuccessful report)
                {
                    Remember(request.Keep(), report.TransactionUID);
                    Note(report.Dataset.Keep());
                    Print(request);
                    return DimseStatus.Success;
                }

                private void Remember(NEventReportRequest request, string transaction) => _last = request;

                private void Note(DicomDataset dataset) => _seen.Add(dataset);

                private static void Print(NEventReportRequest request) => System.Console.WriteLine(request.SopInstanceUid);
            }
            """, actionIndex: null,
            Kept(0, "request", "passing it to Remember, which keeps it by storing it in _last,"),
            Kept(1, "report.Dataset", "passing it to Note, which keeps it by handing it to _seen.Add,"));
    }

    [Fact]
    public async Task OutsideHandlers_NothingIsReported()
    {
        await Verify<BorrowedValueAnalyzer>.AnalyzerAsync("""
            public class Archive
            {
                private NEventReportRequest? _last;

                public void Remember(NEventReportRequest request) => _last = request;
            }
            """);
    }
}
