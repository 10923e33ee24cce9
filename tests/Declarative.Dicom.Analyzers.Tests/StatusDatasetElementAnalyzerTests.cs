using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

public class StatusDatasetElementAnalyzerTests
{
    [Fact]
    public async Task ElementOutsideGroup0000_InAReturnedStatusDataset_IsAWarning()
    {
        await Verify<StatusDatasetElementAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)]
                public DicomDataset A(NEventReportRequest request) =>
                    new DicomDataset()
                        .Set<ushort>(DicomTag.Status, 0x0110)
                        .Set(DicomTag.ErrorComment, "busy")
                        .Set({|#0:DicomTag.PatientID|}, "123");
            }
            """, new DiagnosticResult("DCM1006", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("DicomTag.PatientID"));
    }

    [Fact]
    public async Task DatasetsThatAreNotReturned_AreNotJudged()
    {
        await Verify<StatusDatasetElementAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.ModalityPerformedProcedureStepNotification, 1)]
                public DimseStatus A(NEventReportRequest request)
                {
                    var log = new DicomDataset().Set(DicomTag.PatientID, "123");
                    return DimseStatus.Success;
                }
            }
            """);
    }
}

public class AttributeNotInEventAnalyzerTests
{
    [Fact]
    public async Task ReadingAnAttributeTheEventDoesNotCarry_IsAWarning()
    {
        await Verify<AttributeNotInEventAnalyzer>.AnalyzerAsync("""
            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 1)]
                public DimseStatus OnCommitted(StorageCommitmentSuccessful report)
                {
                    var transaction = report.Dataset.GetString(DicomTag.TransactionUID);
                    var patient = report.Dataset.GetStringOrDefault({|#0:DicomTag.PatientID|});
                    return DimseStatus.Success;
                }
            }
            """, new DiagnosticResult("DCM1006", DiagnosticSeverity.Warning).WithLocation(0)
                .WithArguments("PatientID", "'Storage Commitment Request Successful'"));
    }
}
