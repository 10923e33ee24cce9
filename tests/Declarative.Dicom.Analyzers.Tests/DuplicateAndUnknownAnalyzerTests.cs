using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

public class DuplicateAndUnknownAnalyzerTests
{
    [Fact]
    public async Task SecondHandlerForAnEvent_IsReportedOnItsAttribute_AcrossPartialParts()
    {
        await Verify<DuplicateHandlerAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public void First(NEventReportRequest request) { }
            }

            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                [{|#0:EventReport("1.2.840.10008.1.20.1", 1)|}]
                public void Second(NEventReportRequest request) { }
            }
            """, Verify<DuplicateHandlerAnalyzer>.Diagnostic("DCM1003").WithLocation(0).WithArguments("N-EVENT-REPORT of StorageCommitmentPushModel event type 1", "First"));
    }

    [Fact]
    public async Task SameEventInTwoClasses_IsNotADuplicate()
    {
        await Verify<DuplicateHandlerAnalyzer>.AnalyzerAsync("""
            public partial class A { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public void On(NEventReportRequest r) { } }
            public partial class B { [EventReport(SopClass.StorageCommitmentPushModel, 1)] public void On(NEventReportRequest r) { } }
            """);
    }

    [Fact]
    public async Task DeclaredPrivateSopClass_IsKnown_AndItsEventTypesAreChecked()
    {
        await Verify<UnknownEventAnalyzer>.AnalyzerAsync("""
            [assembly: PrivateSopClass("1.2.826.0.1.3680043.2.1125.99", "AcmeAlerts")]
            [assembly: PrivateEventType("1.2.826.0.1.3680043.2.1125.99", 1, "AcmeAlertRaised", Name = "Alert Raised")]

            public partial class Listener
            {
                [EventReport("1.2.826.0.1.3680043.2.1125.99", 1)]
                public void OnAlert(NEventReportRequest request) { }

                [EventReport("1.2.826.0.1.3680043.2.1125.99", {|#0:2|})]
                public void OnOther(NEventReportRequest request) { }
            }
            """, Verify<UnknownEventAnalyzer>.Diagnostic("DCM1004").WithLocation(0).WithMessage("AcmeAlerts defines no event type 2; its event types are 1 (Alert Raised)"));
    }

    [Fact]
    public async Task MalformedUid_UnknownSopClass_AndUnknownEventType_AreReportedOnTheirArgument()
    {
        await Verify<UnknownEventAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport({|#0:"1.2.840.010008.1.20.1"|}, 1)]
                public void Malformed(NEventReportRequest request) { }

                [EventReport({|#1:"1.2.826.0.1.3680043.2.1125.99"|}, 1)]
                public void Private(NEventReportRequest request) { }

                [EventReport(SopClass.StorageCommitmentPushModel, {|#2:3|})]
                public void NoSuchEvent(NEventReportRequest request) { }

                [EventReport(SopClass.CTImageStorage, {|#3:1|})]
                public void NoEventsAtAll(NEventReportRequest request) { }

                [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 5)]
                public void Fine(NEventReportRequest request) { }
            }
            """,
            Verify<UnknownEventAnalyzer>.Diagnostic("DCM1004").WithLocation(0).WithMessage("'1.2.840.010008.1.20.1' is not a valid UID: digits and dots, no leading zeros, at most 64 characters"),
            new DiagnosticResult("DCM1004", DiagnosticSeverity.Warning).WithLocation(1).WithMessage("'1.2.826.0.1.3680043.2.1125.99' is not a SOP class of the DICOM standard; if it is a private one, the typed accessor and status checks are not available for it"),
            Verify<UnknownEventAnalyzer>.Diagnostic("DCM1004").WithLocation(2).WithMessage("StorageCommitmentPushModel defines no event type 3; its event types are 1 (Storage Commitment Request Successful), 2 (Storage Commitment Request Complete - Failures Exist)"),
            Verify<UnknownEventAnalyzer>.Diagnostic("DCM1004").WithLocation(3).WithMessage("CTImageStorage defines no event type 1; it has no N-EVENT-REPORT at all"));
    }
}
