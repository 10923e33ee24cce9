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

    private const string AcmeWithReply = """
        [assembly: PrivateSopClass("1.2.826.0.1.3680043.2.1125.99", "AcmeAlerts")]
        [assembly: PrivateEventType("1.2.826.0.1.3680043.2.1125.99", 1, "AcmeAlertRaised")]
        [assembly: PrivateEventReply("1.2.826.0.1.3680043.2.1125.99", 1, 0x00091010, "AcknowledgedBy", "LO", Requirement = "1")]
        [assembly: PrivateEventReply("1.2.826.0.1.3680043.2.1125.99", 1, 0x00091011, "AcknowledgementCount", "US", Requirement = "1")]
        [assembly: PrivateEventReply("1.2.826.0.1.3680043.2.1125.99", 1, 0x00091012, "Remark", "LT")]

        """;

    private static DiagnosticResult MissingReply(int location) =>
        new DiagnosticResult("DCM1002", DiagnosticSeverity.Error).WithLocation(location)
            .WithMessage("'AcmeAlertRaised' defines an Event Reply with required attributes; a Success or Warning must return it");

    [Fact]
    public async Task SuccessWithoutTheRequiredReply_IsAnError_WhateverFormTheStatusTakes()
    {
        await Verify<ReplyDatasetAnalyzer>.AnalyzerAsync(AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request, int kind)
                {
                    if (kind == 0) return {|#0:EventReportResult.Success()|};
                    if (kind == 1) return {|#1:DimseStatus.Success|};
                    if (kind == 2) return {|#2:(ushort)0x0000|};
                    if (kind == 3) return EventReportResult.Success(new DicomDataset());
                    return DimseStatus.ProcessingFailure;
                }

                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public DimseStatus OnAlertToo(NEventReportRequest request) => {|#3:DimseStatus.Success|};
            }
            """, MissingReply(0), MissingReply(1), MissingReply(2), MissingReply(3));
    }

    [Fact]
    public async Task Fix_AddsAReplyStubWithTheType1Attributes()
    {
        await Verify<ReplyDatasetAnalyzer>.CodeFixAsync<AddReplyStubCodeFix>(AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request)
                {
                    return {|#0:DimseStatus.Success|};
                }
            }
            """, AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request)
                {
                    return new EventReportResult(DimseStatus.Success, new DicomDataset()
                        .Set(new DicomTag(0x0009, 0x1010), DicomVR.LO, "") /* TODO: AcknowledgedBy */
                        .Set(new DicomTag(0x0009, 0x1011), DicomVR.US, (ushort)0) /* TODO: AcknowledgementCount */);
                }
            }
            """, null, MissingReply(0));
    }

    [Fact]
    public async Task Fix_FillsTheArgumentOfSuccess()
    {
        await Verify<ReplyDatasetAnalyzer>.CodeFixAsync<AddReplyStubCodeFix>(AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request) =>
                    {|#0:EventReportResult.Success()|};
            }
            """, AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request) =>
                    EventReportResult.Success(new DicomDataset()
                        .Set(new DicomTag(0x0009, 0x1010), DicomVR.LO, "") /* TODO: AcknowledgedBy */
                        .Set(new DicomTag(0x0009, 0x1011), DicomVR.US, (ushort)0) /* TODO: AcknowledgementCount */);
            }
            """, null, MissingReply(0));
    }

    [Fact]
    public async Task Fix_AddsTheDataUsing_WhenTheFileLacksIt()
    {
        const string Head = "using Declarative.Dicom;\n";
        await Verify<ReplyDatasetAnalyzer>.CodeFixAsync<AddReplyStubCodeFix>(Head + AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request) => {|#0:EventReportResult.Success()|};
            }
            """, Head + "using Declarative.Dicom.Data;\n" + AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request) => EventReportResult.Success(new DicomDataset()
                    .Set(new DicomTag(0x0009, 0x1010), DicomVR.LO, "") /* TODO: AcknowledgedBy */
                    .Set(new DicomTag(0x0009, 0x1011), DicomVR.US, (ushort)0) /* TODO: AcknowledgementCount */);
            }
            """, null, [MissingReply(0)], addUsings: false);
    }

    [Fact]
    public async Task Fix_FillsTheNullReplyOfAConstructor()
    {
        await Verify<ReplyDatasetAnalyzer>.CodeFixAsync<AddReplyStubCodeFix>(AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request) =>
                    {|#0:new EventReportResult(DimseStatus.Success, null, "noted")|};
            }
            """, AcmeWithReply + """
            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public EventReportResult OnAlert(NEventReportRequest request) =>
                    new EventReportResult(DimseStatus.Success, new DicomDataset()
                        .Set(new DicomTag(0x0009, 0x1010), DicomVR.LO, "") /* TODO: AcknowledgedBy */
                        .Set(new DicomTag(0x0009, 0x1011), DicomVR.US, (ushort)0) /* TODO: AcknowledgementCount */, "noted");
            }
            """, null, MissingReply(0));
    }
}
