using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Dicom.Analyzers.Tests;

public class MessageNotUsedAnalyzerTests
{
    private static DiagnosticResult NotUsed(int location, string message) =>
        Verify<MessageNotUsedAnalyzer>.Diagnostic("DCM1009").WithLocation(location).WithMessage(message);

    [Fact]
    public async Task AMessageTheSopClassDoesNotUse_IsReported_NamingTheSopClassThatDoes()
    {
        await Verify<MessageNotUsedAnalyzer>.AnalyzerAsync("""
            public partial class Mpps
            {
                [NGet({|#0:SopClass.ModalityPerformedProcedureStep|})]
                public DimseResult OnGet(NGetRequest request) => DimseResult.Success();

                [EventReport({|#1:SopClass.ModalityPerformedProcedureStep|}, 1)]
                public void OnEvent(NEventReportRequest request) { }

                [NDelete({|#2:SopClass.StorageCommitmentPushModel|})]
                public void OnDelete(NDeleteRequest request) { }

                [NSet({|#3:SopClass.UnifiedProcedureStepPush|})]
                public void OnUpsSet(NSetRequest request) { }
            }
            """,
            NotUsed(0, "The ModalityPerformedProcedureStep SOP Class does not use N-GET (PS3.4: N-CREATE, N-SET); N-GET is the ModalityPerformedProcedureStepRetrieve SOP Class's (1.2.840.10008.3.1.2.3.4): use SopClass.ModalityPerformedProcedureStepRetrieve"),
            NotUsed(1, "The ModalityPerformedProcedureStep SOP Class does not use N-EVENT-REPORT (PS3.4: N-CREATE, N-SET); N-EVENT-REPORT is the ModalityPerformedProcedureStepNotification SOP Class's (1.2.840.10008.3.1.2.3.5): use SopClass.ModalityPerformedProcedureStepNotification"),
            NotUsed(2, "The StorageCommitmentPushModel SOP Class does not use N-DELETE (PS3.4: N-ACTION, N-EVENT-REPORT)"),
            NotUsed(3, "The UnifiedProcedureStepPush SOP Class does not use N-SET (PS3.4: N-CREATE, N-ACTION, N-GET); N-SET is the UnifiedProcedureStepPull SOP Class's (1.2.840.10008.5.1.4.34.6.3): use SopClass.UnifiedProcedureStepPull"));
    }

    [Fact]
    public async Task TheMessagesTheSopClassesUse_AndClassesTheCatalogueDoesNotStateMessagesFor_AreNotReported()
    {
        await Verify<MessageNotUsedAnalyzer>.AnalyzerAsync("""
            public partial class Mpps
            {
                [NCreate(SopClass.ModalityPerformedProcedureStep)]
                [NSet(SopClass.ModalityPerformedProcedureStep)]
                public DimseResult OnChange(DimseRequest request) => DimseResult.Success();

                [NGet(SopClass.ModalityPerformedProcedureStepRetrieve)]
                public DimseResult OnGet(NGetRequest request) => DimseResult.Success();

                [NGet(SopClass.UnifiedProcedureStepPull)]
                public DimseResult OnUps(NGetRequest request) => DimseResult.Success();

                [NGet(SopClass.RTConventionalMachineVerification)]
                public DimseResult OnRt(NGetRequest request) => DimseResult.Success();

                [CStore]
                public void OnStore(CStoreRequest request) { }
            }
            """);
    }
}
