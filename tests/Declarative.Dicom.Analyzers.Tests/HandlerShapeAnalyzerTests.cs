using Declarative.Dicom.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

public class HandlerShapeAnalyzerTests
{
    private static DiagnosticResult Shape(int location, string message) =>
        Verify<HandlerShapeAnalyzer>.Diagnostic("DCM1005").WithLocation(location).WithMessage(message);

    [Fact]
    public async Task EachShapeProblem_IsReportedWhereItIs()
    {
        await Verify<HandlerShapeAnalyzer>.AnalyzerAsync("""
            public class {|#0:NotPartial|}
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public void A(NEventReportRequest request) { }
            }

            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public static void {|#1:B|}(NEventReportRequest request) { }

                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public void C(int {|#2:count|}) { }

                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public {|#3:string|} D(NEventReportRequest request) => "";

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public void E(StorageCommitmentSuccessful {|#4:report|}) { }
            }
            """,
            Shape(0, "Class 'NotPartial' must be partial: the generator adds the dispatch of 'A' to it"),
            Shape(1, "Handler 'B' must be an instance method"),
            Shape(2, "Parameter 'count' of type 'int' cannot be supplied; take StorageCommitmentFailuresExist, NEventReportRequest or CancellationToken"),
            Shape(3, "Handler 'D' returns 'string'; return DimseStatus, ushort, a status DicomDataset, EventReportResult or nothing, directly or as Task/ValueTask"),
            Shape(4, "Parameter 'report' is a StorageCommitmentSuccessful, which is not the accessor of every event this method handles; take NEventReportRequest"));
    }

    [Fact]
    public async Task CFindShapes_AreReportedWhereTheyAre()
    {
        await Verify<HandlerShapeAnalyzer>.AnalyzerAsync("""
            using System.Collections.Generic;
            using Declarative.Dicom.Data;
            public partial class Archive
            {
                [CFind(SopClass.FINDModalityWorklistInformationModel)]
                public {|#0:DimseStatus|} A(DicomQuery query) => DimseStatus.Success;

                [CStore]
                public {|#1:IAsyncEnumerable<DicomDataset>|} B(CStoreRequest request) => null!;

                [CStore]
                public void C(DicomQuery {|#2:query|}) { }

                [CFind(SopClass.FINDStudyRootQueryRetrieveInformationModel)]
                public IAsyncEnumerable<DicomDataset> D(DicomQuery query, CFindRequest request, System.Threading.CancellationToken token) => null!;

                [CMove(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]
                public {|#3:IAsyncEnumerable<DicomDataset>|} E(DicomQuery query) => null!;

                [CFind(SopClass.FINDStudyRootQueryRetrieveInformationModel)]
                [CGet(SopClass.GETStudyRootQueryRetrieveInformationModel)]
                public {|#4:IAsyncEnumerable<DicomDataset>|} F(DicomQuery query) => null!;

                [CGet(SopClass.GETPatientRootQueryRetrieveInformationModel)]
                public IAsyncEnumerable<CStoreRequest> G(CGetRequest request, DicomQuery query) => null!;
            }
            """,
            Shape(0, "Handler 'A' answers C-FIND, which streams its matches; return IAsyncEnumerable<DicomDataset> (an async iterator that yields each match)"),
            Shape(1, "Handler 'B' streams matches, which only a [CFind] handler does; return DimseStatus, ushort, a status DicomDataset, DimseResult or nothing"),
            Shape(2, "Parameter 'query' is a DicomQuery, which C-STORE does not send (C-FIND, C-MOVE and C-GET do); take CStoreRequest"),
            Shape(3, "Handler 'E' answers C-MOVE, which sends instances; return IAsyncEnumerable<CStoreRequest> (an async iterator that yields each instance to send, e.g. CStoreRequest.FromFile)"),
            Shape(4, "Handler 'F' serves C-FIND and C-GET, which answer differently; give each a method of its own"));
    }

    [Fact]
    public async Task GoodShapes_AreNotReported()
    {
        await Verify<HandlerShapeAnalyzer>.AnalyzerAsync("""
            using System.Threading;
            public partial class Outer
            {
                public partial class Listener
                {
                    [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                    public ValueTask<DimseStatus> A(StorageCommitmentSuccessful report, CancellationToken token) => default;

                    [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                    public Task B(CancellationToken token, NEventReportRequest request) => Task.CompletedTask;
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_MakesTheClassPartial()
    {
        await Verify<HandlerShapeAnalyzer>.CodeFixAsync<MakeClassPartialCodeFix>("""
            public class {|#0:Listener|}
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public void A(NEventReportRequest request) { }
            }
            """, """
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public void A(NEventReportRequest request) { }
            }
            """, null, Shape(0, "Class 'Listener' must be partial: the generator adds the dispatch of 'A' to it"));
    }

    [Fact]
    public async Task Fix_GivesTheParameterTheEventsAccessor()
    {
        await Verify<HandlerShapeAnalyzer>.CodeFixAsync<UseTypedAccessorCodeFix>("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public DimseStatus A(DicomDataset {|#0:information|}) => DimseStatus.Success;
            }
            """, """
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public DimseStatus A(StorageCommitmentFailuresExist information) => DimseStatus.Success;
            }
            """, null, Shape(0, "Parameter 'information' of type 'Declarative.Dicom.Data.DicomDataset' cannot be supplied; take StorageCommitmentFailuresExist, NEventReportRequest or CancellationToken"));
    }

    [Fact]
    public async Task Fix_TurnsAnIEnumerableIteratorIntoAnAsyncOne()
    {
        await Verify<HandlerShapeAnalyzer>.CodeFixAsync<MakeAsyncIteratorCodeFix>("""
            using System.Collections.Generic;
            using Declarative.Dicom.Data;
            public partial class Worklist
            {
                [CFind(SopClass.FINDModalityWorklistInformationModel)]
                public {|#0:IEnumerable<DicomDataset>|} Find(DicomQuery query)
                {
                    yield return new DicomDataset();
                }

                [CMove(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]
                {|#1:IEnumerable<CStoreRequest>|} Move(DicomQuery query)
                {
                    foreach (var file in new[] { "a.dcm" })
                    {
                        yield return CStoreRequest.FromFile(file);
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using Declarative.Dicom.Data;
            public partial class Worklist
            {
                [CFind(SopClass.FINDModalityWorklistInformationModel)]
                public async IAsyncEnumerable<DicomDataset> Find(DicomQuery query)
                {
                    await System.Threading.Tasks.Task.Yield();
                    yield return new DicomDataset();
                }

                [CMove(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]
                async IAsyncEnumerable<CStoreRequest> Move(DicomQuery query)
                {
                    await System.Threading.Tasks.Task.Yield();
                    foreach (var file in new[] { "a.dcm" })
                    {
                        yield return CStoreRequest.FromFile(file);
                    }
                }
            }
            """, null,
            Shape(0, "Handler 'Find' answers C-FIND, which streams its matches; return IAsyncEnumerable<DicomDataset> (an async iterator that yields each match)"),
            Shape(1, "Handler 'Move' answers C-MOVE, which sends instances; return IAsyncEnumerable<CStoreRequest> (an async iterator that yields each instance to send, e.g. CStoreRequest.FromFile)"));
    }

    [Fact]
    public async Task Fix_IsNotOffered_WhereTheElementIsWrongOrNothingIsYielded()
    {
        await Verify<HandlerShapeAnalyzer>.NoFixAsync<MakeAsyncIteratorCodeFix>("""
            using System.Collections.Generic;
            using Declarative.Dicom.Data;
            public partial class Worklist
            {
                [CFind(SopClass.FINDModalityWorklistInformationModel)]
                public {|#0:IEnumerable<string>|} A(DicomQuery query) { yield return "x"; }

                [CFind(SopClass.FINDStudyRootQueryRetrieveInformationModel)]
                public {|#1:IEnumerable<DicomDataset>|} B(DicomQuery query) => new List<DicomDataset>();
            }
            """,
            Shape(0, "Handler 'A' answers C-FIND, which streams its matches; return IAsyncEnumerable<DicomDataset> (an async iterator that yields each match)"),
            Shape(1, "Handler 'B' answers C-FIND, which streams its matches; return IAsyncEnumerable<DicomDataset> (an async iterator that yields each match)"));
    }
}
