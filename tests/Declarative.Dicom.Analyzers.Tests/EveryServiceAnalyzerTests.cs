using Declarative.Dicom.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

/// <summary>The rules applied to [NAction], [NCreate], [NSet], [NGet], [NDelete], [CEcho] and [CStore] handlers, each judged by its own message.</summary>
public class EveryServiceAnalyzerTests
{
    private const string MppsNSetStatuses = "0x0000 (Success), 0x0105 (No such attribute), 0x0106 (Invalid attribute value), 0x0110 (Processing failure), 0x0112 (SOP Instance not recognised), 0x0116 (Attribute value out of range), 0x0117 (Invalid object instance), 0x0118 (No such SOP Class), 0x0119 (Class-Instance conflict), 0x0121 (Missing attribute value), 0x0124 (Not authorised), 0x0210 (Duplicate invocation), 0x0211 (Unrecognised operation), 0x0212 (Mistyped argument), 0x0213 (Resource limitation)";

    private const string StorageStatuses = "0x0000 (Success), 0x0117 (Invalid object instance), 0x0122 (SOP Class not supported), 0x0124 (Not authorised), 0x0210 (Duplicate invocation), 0x0211 (Unrecognised operation), 0x0212 (Mistyped argument), 0xA700-0xA7FF (Out of resources), 0xA900-0xA9FF (Dataset doesn't match SOP Class), 0xB000 (Coercion of data elements), 0xB006 (Elements discarded), 0xB007 (Data Set does not match SOP Class), 0xC000-0xCFFF (Cannot understand)";

    [Fact]
    public async Task NSet_ReturningAnEventReportStatus_IsReportedWithTheNSetStatuses()
    {
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            public partial class Mpps
            {
                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public ushort OnSet(NSetRequest request) => {|#0:0x0113|};

                [NCreate(SopClass.ModalityPerformedProcedureStep)]
                public DimseStatus OnCreate(NCreateRequest request) => DimseStatus.DuplicateSopInstance;
            }
            """, Verify<DisallowedStatusAnalyzer>.Diagnostic("DCM1001").WithLocation(0)
                .WithArguments((ushort)0x0113, "N-SET", "Modality Performed Procedure Step Management", MppsNSetStatuses));
    }

    [Fact]
    public async Task CStoreForEveryStorageClass_IsJudgedByTheStorageServiceClass()
    {
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            public partial class Store
            {
                [CStore]
                public DimseResult OnStore(CStoreRequest request, bool full) => full ? 0xA700 : DimseResult.Failure({|#0:0x0123|});
            }
            """, Verify<DisallowedStatusAnalyzer>.Diagnostic("DCM1001").WithLocation(0)
                .WithArguments((ushort)0x0123, "C-STORE", "Storage Service Class", StorageStatuses));
    }

    [Fact]
    public async Task SameActionTwice_AndTheSameSopClassUnderTwoKinds()
    {
        // [NSet] and [NGet] of one SOP class are two operations; [NAction] type 1 twice is a duplicate.
        await Verify<DuplicateHandlerAnalyzer>.AnalyzerAsync("""
            public partial class Scp
            {
                [NSet(SopClass.ModalityPerformedProcedureStep)]
                [NGet(SopClass.ModalityPerformedProcedureStep)]
                public DimseResult OnMpps(DimseRequest request) => DimseStatus.Success;

                [NAction(SopClass.StorageCommitmentPushModel, 1)]
                public void First(NActionRequest request) { }

                [{|#0:NAction(SopClass.StorageCommitmentPushModel, 1)|}]
                public void Second(NActionRequest request) { }
            }
            """, Verify<DuplicateHandlerAnalyzer>.Diagnostic("DCM1003").WithLocation(0)
                .WithArguments("N-ACTION of StorageCommitmentPushModel action type 1", "First"));
    }

    [Fact]
    public async Task ActionTypeTheSopClassDoesNotDefine_IsReportedOnTheArgument()
    {
        await Verify<UnknownEventAnalyzer>.AnalyzerAsync("""
            public partial class Scp
            {
                [NAction(SopClass.StorageCommitmentPushModel, {|#0:2|})]
                public void OnAction(NActionRequest request) { }

                [CEcho]
                public void OnEcho() { }

                [CStore]
                public void OnStore(CStoreRequest request) { }
            }
            """, Verify<UnknownEventAnalyzer>.Diagnostic("DCM1004").WithLocation(0)
                .WithMessage("StorageCommitmentPushModel defines no action type 2; its action types are 1 (Request Storage Commitment)"));
    }

    [Fact]
    public async Task RequestOfAnotherMessage_AndAnAccessorWhereNoneExists_AreBadShapes()
    {
        await Verify<HandlerShapeAnalyzer>.AnalyzerAsync("""
            public partial class Scp
            {
                [NAction(SopClass.StorageCommitmentPushModel, 1)]
                public void OnAction(NEventReportRequest {|#0:request|}) { }

                [NCreate(SopClass.ModalityPerformedProcedureStep)]
                public void OnCreate(StorageCommitmentRequest {|#1:information|}) { }

                [CStore(SopClass.CTImageStorage)]
                public void OnStore(StorageCommitmentRequest {|#2:information|}) { }

                [NAction(SopClass.StorageCommitmentPushModel, 1)]
                public void Typed(StorageCommitmentRequest information, NActionRequest request) { }
            }
            """,
            Verify<HandlerShapeAnalyzer>.Diagnostic("DCM1005").WithLocation(0)
                .WithMessage("Parameter 'request' is a NEventReportRequest, which N-ACTION does not send; take NActionRequest"),
            Verify<HandlerShapeAnalyzer>.Diagnostic("DCM1005").WithLocation(1)
                .WithMessage("Parameter 'information' is a StorageCommitmentRequest, which is not the accessor of every operation this method handles; take PerformedProcedureStepCreate"),
            Verify<HandlerShapeAnalyzer>.Diagnostic("DCM1005").WithLocation(2)
                .WithMessage("Parameter 'information' is a StorageCommitmentRequest, which is not the accessor of what this method handles (only events, actions and the N-CREATE/N-SET lists the catalogue describes have typed accessors); take CStoreRequest"));
    }

    [Fact]
    public async Task DatasetReturnedFromCStore_IsDropped_AndAFailureWithAnAttributeList_Too()
    {
        await Verify<ReplyDatasetAnalyzer>.AnalyzerAsync("""
            public partial class Scp
            {
                [CStore(SopClass.CTImageStorage)]
                public DimseResult OnStore(CStoreRequest request) => DimseResult.Success({|#0:request.Dataset|});

                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public DimseResult OnSet(NSetRequest request, bool done)
                {
                    if (done) return new DimseResult(0x0110, {|#1:new DicomDataset()|});
                    return DimseResult.Success(new DicomDataset());
                }
            }
            """,
            Verify<ReplyDatasetAnalyzer>.Diagnostic("DCM1002").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
                .WithMessage("A C-STORE response carries no dataset; the dataset returned here is dropped on the wire"),
            Verify<ReplyDatasetAnalyzer>.Diagnostic("DCM1002").WithLocation(1).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
                .WithMessage("A reply dataset goes only with Success or Warning; with status 0x0110 it is dropped on the wire"));
    }

    [Fact]
    public async Task Fix_ForAnNSetStatus_OffersTheNearestNSetStatus()
    {
        await Verify<DisallowedStatusAnalyzer>.CodeFixAsync<ReplaceStatusCodeFix>("""
            public partial class Mpps
            {
                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public ushort OnSet(NSetRequest request) => {|#0:0x0113|};
            }
            """, """
            public partial class Mpps
            {
                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public ushort OnSet(NSetRequest request) => 0x0112;
            }
            """, 0, Verify<DisallowedStatusAnalyzer>.Diagnostic("DCM1001").WithLocation(0)
                .WithArguments((ushort)0x0113, "N-SET", "Modality Performed Procedure Step Management", MppsNSetStatuses));
    }

    [Fact]
    public async Task Fix_ForAnotherMessagesRequest_TakesThisMessagesRequest()
    {
        await Verify<HandlerShapeAnalyzer>.CodeFixAsync<UseTypedAccessorCodeFix>("""
            public partial class Scp
            {
                [NAction(SopClass.StorageCommitmentPushModel, 1)]
                public void OnAction(NEventReportRequest {|#0:request|}) { }
            }
            """, """
            public partial class Scp
            {
                [NAction(SopClass.StorageCommitmentPushModel, 1)]
                public void OnAction(NActionRequest request) { }
            }
            """, null, Verify<HandlerShapeAnalyzer>.Diagnostic("DCM1005").WithLocation(0)
                .WithMessage("Parameter 'request' is a NEventReportRequest, which N-ACTION does not send; take NActionRequest"));
    }

    [Fact]
    public async Task NGetSuccessWithoutTheAttributeList_IsAnError_AndNCreateSuccessWithoutOneIsNot()
    {
        await Verify<ReplyDatasetAnalyzer>.AnalyzerAsync("""
            public partial class Mpps
            {
                [NGet(SopClass.ModalityPerformedProcedureStep)]
                public DimseResult OnGet(NGetRequest request, bool known)
                {
                    if (!known) return DimseResult.Failure(DimseStatus.NoSuchSopInstance);
                    return {|#0:DimseStatus.Success|};
                }

                [NCreate(SopClass.ModalityPerformedProcedureStep)]
                public DimseResult OnCreate(NCreateRequest request) => DimseResult.Success();
            }
            """, Verify<ReplyDatasetAnalyzer>.Diagnostic("DCM1002").WithLocation(0)
                .WithMessage("An N-GET response to Success or Warning carries the Attribute List (PS3.7 10.1.2); return DimseResult.Success(attributes)"));
    }
}
