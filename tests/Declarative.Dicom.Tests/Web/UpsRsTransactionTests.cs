using Declarative.Dicom.Data;
using Declarative.Dicom.State;
using static Declarative.Dicom.Tests.Web.UpsRsWorkitems;

namespace Declarative.Dicom.Tests.Web;

/// <summary>
/// The Worklist Service over real HTTP on 127.0.0.1: each transaction runs the UPS workflow's rules, and each refusal is the
/// HTTP status and Warning PS3.18 names for the DIMSE status the same request gets over an association.
/// </summary>
public sealed class UpsRsTransactionTests : IAsyncLifetime
{
    private UpsRsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await UpsRsTestHost.StartAsync(new InMemoryInstanceStore());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AWorkitem_IsCreatedClaimedProgressedAndCompleted_AndEachRefusalHasItsStatus()
    {
        using var client = _host.Client();
        var transaction = DicomUid.Generate();

        var created = await client.CreateAsync(Scheduled("CT head"), "1.2.826.0.1.1");
        var again = await client.CreateAsync(Scheduled("CT head"), "1.2.826.0.1.1");
        var claimWithoutUid = await client.ChangeStateAsync("1.2.826.0.1.1", "IN PROGRESS", "");
        var claimed = await client.ChangeStateAsync("1.2.826.0.1.1", "IN PROGRESS", transaction);
        var claimedTwice = await client.ChangeStateAsync("1.2.826.0.1.1", "IN PROGRESS", DicomUid.Generate());
        var updateWithoutUid = await client.UpdateAsync("1.2.826.0.1.1", Progress("10"));
        var updateWrongUid = await client.UpdateAsync("1.2.826.0.1.1", Progress("10"), DicomUid.Generate());
        var progressed = await client.UpdateAsync("1.2.826.0.1.1", Progress("50"), transaction);
        var completeTooSoon = await client.ChangeStateAsync("1.2.826.0.1.1", "COMPLETED", transaction);
        var performed = await client.UpdateAsync("1.2.826.0.1.1", Performed(), transaction);
        var completed = await client.ChangeStateAsync("1.2.826.0.1.1", "COMPLETED", transaction);
        var completedAgain = await client.ChangeStateAsync("1.2.826.0.1.1", "COMPLETED", transaction);
        var cancelCompleted = await client.RequestCancellationAsync("1.2.826.0.1.1");
        var updateFinal = await client.UpdateAsync("1.2.826.0.1.1", Progress("90"), transaction);
        var read = await client.RetrieveAsync("1.2.826.0.1.1");
        var unknown = await client.RetrieveAsync("1.2.826.0.1.404");

        Assert.Equal([201, 409, 400, 200, 409, 400, 400, 200, 409, 200, 200, 200, 409, 400, 200, 404],
            new[] { created, again, claimWithoutUid, claimed, claimedTwice, updateWithoutUid, updateWrongUid, progressed, completeTooSoon, performed, completed,
                completedAgain, cancelCompleted, updateFinal, read, unknown }.Select(r => r.Status));
        Assert.EndsWith("/dicomweb/workitems/1.2.826.0.1.1", created.Location!.AbsoluteUri);
        Assert.Equal("299 declarative-dicom: The Target Workitem already exists.", again.Warning);
        Assert.Equal("299 declarative-dicom: The Transaction UID is missing.", claimWithoutUid.Warning);
        Assert.Equal("299 declarative-dicom: The Transaction UID is missing.", updateWithoutUid.Warning);
        Assert.Equal("299 declarative-dicom: The Transaction UID is incorrect.", updateWrongUid.Warning);
        Assert.Equal("299 declarative-dicom: The submitted request is inconsistent with the current state of the Workitem.", claimedTwice.Warning);
        Assert.Equal("299 declarative-dicom: The UPS is already in the requested state of COMPLETED.", completedAgain.Warning);
        Assert.Equal("299 declarative-dicom: The UPS is already COMPLETED.", cancelCompleted.Warning);
        var workitem = Assert.Single(read.Datasets);
        Assert.Equal("COMPLETED", workitem.GetString(DicomTag.ProcedureStepState));
        Assert.False(workitem.Contains(DicomTag.TransactionUID)); // never given out (PS3.4 CC.2.7.3)
        Assert.Equal("50", workitem.GetSequence(DicomTag.ProcedureStepProgressInformationSequence)[0].GetString(DicomTag.ProcedureStepProgress));
    }

    [Fact]
    public async Task Search_MatchesAsTheScpsCFindDoes_WithReturnKeysLimitAndOffset_And204ForNone()
    {
        using var client = _host.Client();
        foreach (var (uid, label) in new[] { ("1.2.826.0.2.1", "CT head"), ("1.2.826.0.2.2", "MR knee"), ("1.2.826.0.2.3", "CT chest") })
        {
            Assert.Equal(201, (await client.CreateAsync(Scheduled(label), uid)).Status);
        }

        var ct = await client.SearchAsync([new("ProcedureStepLabel", "CT*"), new("includefield", "ScheduledProcedureStepPriority")]);
        var paged = await client.SearchAsync([new("ProcedureStepLabel", "CT*"), new("offset", "1"), new("limit", "1")]);
        var all = await client.SearchAsync([new("00741204", "MR knee"), new("includefield", "all")]);
        var none = await client.SearchAsync([new("ProcedureStepLabel", "US*")]);
        var bad = await client.SearchAsync([new("ProcedureStepLabl", "CT*")]);

        Assert.Equal(["1.2.826.0.2.1", "1.2.826.0.2.3"], ct.Datasets.Select(d => d.GetString(DicomTag.SOPInstanceUID)).Order());
        Assert.All(ct.Datasets, d => Assert.Equal("MEDIUM", d.GetString(DicomTag.ScheduledProcedureStepPriority)));
        Assert.All(ct.Datasets, d => Assert.False(d.Contains(DicomTag.InputReadinessState))); // neither a key nor an included field
        Assert.Single(paged.Datasets);
        Assert.Equal("READY", Assert.Single(all.Datasets).GetString(DicomTag.InputReadinessState));
        Assert.Equal((204, 400), (none.Status, bad.Status));
        Assert.Contains("'ProcedureStepLabl' is neither a keyword", bad.Warning);
    }
}
