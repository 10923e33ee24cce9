using Declarative.Dicom.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

public class DisallowedStatusAnalyzerTests
{
    private const string Allowed = "0x0000 (Success), 0x0110 (Processing failure), 0x0112 (No such SOP Instance), 0x0113 (No such event type), 0x0114 (No such argument), 0x0115 (Invalid argument value), 0x0117 (Invalid object Instance), 0x0118 (No such SOP Class), 0x0119 (Class-Instance conflict), 0x0210 (Duplicate invocation), 0x0211 (Unrecognised operation), 0x0212 (Mistyped argument), 0x0213 (Resource limitation)";

    private static DiagnosticResult Disallowed(int location, ushort code) =>
        Verify<DisallowedStatusAnalyzer>.Diagnostic("DCM1001").WithLocation(location)
            .WithArguments(code, "N-EVENT-REPORT", "Storage Commitment Service Class", Allowed);

    [Fact]
    public async Task UShortLiteral_NotAllowed_IsReportedOnTheLiteral()
    {
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public ushort OnFailures(StorageCommitmentFailuresExist report) { return {|#0:0xA700|}; }
            }
            """, Disallowed(0, 0xA700));
    }

    [Fact]
    public async Task ValuesThroughConstantsFieldsMembersConditionalsAndSwitches_AreFollowed()
    {
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                private const ushort OutOfResources = {|#0:0xA700|};
                private static readonly DimseStatus Refused = {|#1:DimseStatus.NotAuthorized|};

                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report, bool busy, int mode)
                {
                    if (busy) return OutOfResources;
                    if (mode > 3) return Refused;
                    return mode switch
                    {
                        0 => DimseStatus.Success,
                        1 => busy ? DimseStatus.ProcessingFailure : (DimseStatus){|#2:0xC000|},
                        _ => new DimseStatus({|#3:0xB000|}),
                    };
                }
            }
            """, Disallowed(0, 0xA700), Disallowed(1, 0x0124), Disallowed(2, 0xC000), Disallowed(3, 0xB000));
    }

    [Fact]
    public async Task ResultsAndStatusDatasets_AreFollowed_InAsyncHandlersToo()
    {
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public async Task<EventReportResult> OnCommitted(StorageCommitmentSuccessful report)
                {
                    await Task.Yield();
                    return EventReportResult.Failure({|#0:DimseStatus.AttributeListError|}, "nope");
                }

                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public DicomDataset OnFailures(NEventReportRequest request) =>
                    new DicomDataset().Set<ushort>(DicomTag.Status, {|#1:0xA801|}).Set(DicomTag.ErrorComment, "x");
            }
            """, Disallowed(0, 0x0107), Disallowed(1, 0xA801));
    }

    [Fact]
    public async Task AllowedStatuses_AreNotReported()
    {
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report, bool failed) =>
                    failed ? DimseStatus.ProcessingFailure : (DimseStatus)0x0000;

                public ushort NotAHandler() => 0xA700;

                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public DimseStatus WithLambda(NEventReportRequest request)
                {
                    System.Func<ushort> inner = () => 0xA700;
                    return DimseStatus.Success;
                }
            }
            """);
    }

    [Fact]
    public async Task PrivateSopClass_IsJudgedByTheGeneralStatusesOfPs37()
    {
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            [assembly: PrivateSopClass("1.2.826.0.1.3680043.2.1125.99", "AcmeAlerts")]
            [assembly: PrivateEventType("1.2.826.0.1.3680043.2.1125.99", 1, "AcmeAlertRaised")]

            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public ushort OnAlert(NEventReportRequest request, bool busy) => busy ? (ushort)0x0213 : (ushort){|#0:0xA700|};
            }
            """, Verify<DisallowedStatusAnalyzer>.Diagnostic("DCM1001").WithLocation(0)
                .WithArguments((ushort)0xA700, "N-EVENT-REPORT", "SOP class 1.2.826.0.1.3680043.2.1125.99 (general statuses of PS3.7)", Allowed.Replace("Invalid object Instance", "Invalid object instance")));
    }

    [Fact]
    public async Task Fix_ReplacesWithTheNearestAllowedFailure()
    {
        await Verify<DisallowedStatusAnalyzer>.CodeFixAsync<ReplaceStatusCodeFix>("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public ushort OnFailures(StorageCommitmentFailuresExist report) { return {|#0:0xA700|}; }
            }
            """, """
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public ushort OnFailures(StorageCommitmentFailuresExist report) { return 0x0213; }
            }
            """, 0, Disallowed(0, 0xA700));
    }

    [Fact]
    public async Task Fix_OnADimseStatus_UsesTheNamedMember()
    {
        await Verify<DisallowedStatusAnalyzer>.CodeFixAsync<ReplaceStatusCodeFix>("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report) => {|#0:DimseStatus.MissingAttribute|};
            }
            """, """
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report) => DimseStatus.ClassInstanceConflict;
            }
            """, 0, Disallowed(0, 0x0120));
    }

    [Fact]
    public async Task ThrownDimseStatusException_InAStreamingHandler_IsCheckedAgainstTheQueryStatuses()
    {
        const string findAllowed = "0x0000 (Success), 0x0122 (SOP Class not supported), 0xA700 (Out of resources), 0xA900 (Data Set does not match SOP Class), 0xC000-0xCFFF (Unable to process), 0xFE00 (Processing has been terminated), 0xFF00 (Matches are continuing), 0xFF01 (Matches are continuing, warning that one or more Optional Keys were not supported for existence for this Identifier)";
        await Verify<DisallowedStatusAnalyzer>.AnalyzerAsync("""
            using System.Collections.Generic;
            using Declarative.Dicom.Data;
            public partial class Worklist
            {
                [CFind(SopClass.FINDModalityWorklistInformationModel)]
                public async IAsyncEnumerable<DicomDataset> Find(DicomQuery query, bool busy, bool broken)
                {
                    await System.Threading.Tasks.Task.Yield();
                    if (busy) throw new DimseStatusException(DimseStatus.OutOfResources, "too many matches");
                    if (broken) throw new DimseStatusException({|#0:DimseStatus.ProcessingFailure|});
                    if (query.Level == "X") throw new DimseStatusException((DimseStatus)0xC123);
                    yield return new DicomDataset();
                }
            }
            """, Verify<DisallowedStatusAnalyzer>.Diagnostic("DCM1001").WithLocation(0)
                .WithArguments((ushort)0x0110, "C-FIND", "Basic Worklist Management Service Class", findAllowed));
    }

    [Fact]
    public async Task Fix_ForAThrownStatus_OffersOnlyFailures()
    {
        await Verify<DisallowedStatusAnalyzer>.CodeFixAsync<ReplaceStatusCodeFix>("""
            using System.Collections.Generic;
            using Declarative.Dicom.Data;
            public partial class Archive
            {
                [CMove(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]
                public async IAsyncEnumerable<CStoreRequest> Move(DicomQuery query)
                {
                    await System.Threading.Tasks.Task.Yield();
                    throw new DimseStatusException({|#0:0x0001|});
                }
            }
            """, """
            using System.Collections.Generic;
            using Declarative.Dicom.Data;
            public partial class Archive
            {
                [CMove(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]
                public async IAsyncEnumerable<CStoreRequest> Move(DicomQuery query)
                {
                    await System.Threading.Tasks.Task.Yield();
                    throw new DimseStatusException(0x0122);
                }
            }
            """, 0, Verify<DisallowedStatusAnalyzer>.Diagnostic("DCM1001").WithLocation(0)
                .WithArguments((ushort)0x0001, "C-MOVE", "Query/Retrieve Service Class", MoveAllowed));
    }

    private const string MoveAllowed = "0x0000 (Success), 0x0122 (SOP Class not supported), 0x0124 (Not authorised), 0x0210 (Duplicate invocation), 0x0211 (Unrecognised operation), 0x0212 (Mistyped argument), 0xA701 (Out of resources; unable to calculate number), 0xA702 (Out of resources; unable to perform), 0xA801 (Move destination unknown), 0xA900 (Dataset does not match SOP Class), 0xAA00 (None of the frames requested were found in the SOP instance), 0xAA01 (Unable to create new object for this SOP), 0xAA02 (Unable to extract frames), 0xAA03 (Time-based request received for a non-time-based original SOP Instance), 0xAA04 (Invalid request), 0xB000 (Sub-operations completed, one or more failures), 0xC000-0xCFFF (Unable to process), 0xFE00 (Sub-operations terminated), 0xFF00 (Sub-operations are continuing)";
}
