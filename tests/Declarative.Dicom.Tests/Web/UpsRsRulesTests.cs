using Declarative.Dicom.Data;
using Declarative.Dicom.Network;
using Declarative.Dicom.State;
using static Declarative.Dicom.Tests.Web.UpsRsWorkitems;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// An application's rules in front of the UPS workflow answer a UPS-RS request as they answer the same request by DIMSE:
/// the transactions go to the handler class the DIMSE listener serves, on the contexts PS3.4 gives them.
/// </summary>
public sealed partial class UpsRsRulesTests
{
    /// <summary>The application's one rule: this worklist takes CT workitems only.</summary>
    public sealed partial class CtWorklist(UnifiedProcedureStepWorkflow ups)
    {
        [NCreate(SopClass.UnifiedProcedureStepPush)]
        public Task<DimseResult> OnCreate(NCreateRequest request, CancellationToken cancellationToken) =>
            ups.CreateAsync(request, (change, _) => new(change.Proposed.Dataset.GetStringOrDefault(DicomTag.ProcedureStepLabel)?.StartsWith("CT", StringComparison.Ordinal) == true
                ? DimseResult.Success()
                : DimseResult.Failure(DimseStatus.InvalidAttributeValue, "this worklist takes CT workitems only")), cancellationToken);

        /// <summary>A handler with a bug: a failure of the handler, not of the request.</summary>
        [NSet(SopClass.UnifiedProcedureStepPull)]
        public Task<DimseResult> OnSet(NSetRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the rules engine is not configured");
    }

    [Fact]
    public async Task ARuleOfTheApplication_RefusesOverUpsRs_AsItRefusesByDimse()
    {
        await using var host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore(), handler: ups => ups.With(new CtWorklist(ups)));
        using var client = host.Client();

        var overHttp = await client.CreateAsync(Scheduled("MR knee"), "1.2.826.0.10.1");
        DimseResponse byDimse;
        await using (var association = await DicomClient.ConnectAsync(host.DimseAddress, [new PresentationContextRequest(SopClass.UnifiedProcedureStepPush)]))
        {
            byDimse = await association.SendAsync(new NCreateRequest(SopClass.UnifiedProcedureStepPush, "1.2.826.0.10.2", Scheduled("MR knee")));
            await association.ReleaseAsync();
        }

        var accepted = await client.CreateAsync(Scheduled("CT head"), "1.2.826.0.10.3");
        var claimed = await client.ChangeStateAsync("1.2.826.0.10.3", "IN PROGRESS", DicomUid.Generate()); // not the rule's: the workflow's
        var read = await client.RetrieveAsync("1.2.826.0.10.3");

        Assert.Equal((0x0106, "this worklist takes CT workitems only"), (byDimse.Status.Code, byDimse.ErrorComment));
        Assert.Equal((400, "299 declarative-dicom: this worklist takes CT workitems only"), (overHttp.Status, overHttp.Warning));
        Assert.Equal([201, 200, 200], new[] { accepted.Status, claimed.Status, read.Status });
        Assert.Equal(204, (await client.SearchAsync([new("ProcedureStepLabel", "MR*")])).Status); // neither MR workitem exists
    }

    [Fact]
    public async Task AHandlerThatFails_Is0x0110ByDimse_And500OverUpsRs_WithItsReason()
    {
        await using var host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore(), handler: ups => ups.With(new CtWorklist(ups)));
        using var client = host.Client();
        await client.CreateAsync(Scheduled("CT head"), "1.2.826.0.10.4");

        var overHttp = await client.UpdateAsync("1.2.826.0.10.4", Progress("10"));
        DimseResponse byDimse;
        await using (var association = await DicomClient.ConnectAsync(host.DimseAddress, [new PresentationContextRequest(SopClass.UnifiedProcedureStepPull)]))
        {
            byDimse = await association.SendAsync(new NSetRequest(SopClass.UnifiedProcedureStepPush, "1.2.826.0.10.4", Progress("10")) { ContextSopClassUid = SopClass.UnifiedProcedureStepPull });
            await association.ReleaseAsync();
        }

        Assert.Equal((0x0110, "InvalidOperationException: the rules engine is not configured"), (byDimse.Status.Code, byDimse.ErrorComment));
        Assert.Equal((500, "299 declarative-dicom: InvalidOperationException: the rules engine is not configured"), (overHttp.Status, overHttp.Warning));
    }
}
