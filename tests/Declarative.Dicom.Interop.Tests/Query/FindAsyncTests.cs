using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Query;

/// <summary>Our requestor's FindAsync against DCMTK's wlmscpfs and against our own [CFind] SCP (leaving the loop cancels).</summary>
public class FindAsyncTests
{
    private static DicomDataset WorklistQuery(string patientName, string modality) =>
        new DicomDataset()
            .Set(DicomTag.PatientName, patientName)
            .Set(DicomTag.PatientID, Array.Empty<string>())
            .Set(DicomTag.AccessionNumber, Array.Empty<string>())
            .SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset()
                .Set(DicomTag.Modality, modality)
                .Set(DicomTag.ScheduledProcedureStepStartDate, Array.Empty<string>()));

    [Fact]
    public async Task FindAsync_AgainstWlmscpfs_YieldsEachMatch()
    {
        using var temp = new TempDirectory();
        var (wlm, port) = await Wlmscpfs.StartAsync(temp.Path, WorklistScp.ThreeItems());
        using (wlm)
        {
            await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity(Wlmscpfs.AETitle, "127.0.0.1", port),
                [new PresentationContextRequest(SopClass.FINDModalityWorklistInformationModel)]);

            var matches = new List<string>();
            // The typed builder generated from the catalogue's Modality Worklist keys.
            var query = ModalityWorklistQuery.Create(patientName: TextMatch.Like("Do*"), patientID: TextMatch.Any, accessionNumber: TextMatch.Any,
                scheduledProcedureStepSequence: ModalityWorklistQuery.ScheduledProcedureStepSequenceItem.Create(modality: "CT", scheduledProcedureStepStartDate: DateMatch.Any));
            await foreach (var match in association.FindAsync(query))
            {
                matches.Add(match.GetString(DicomTag.AccessionNumber));
            }

            Assert.Equal(["ACC1", "ACC3"], matches.Order());
            await association.ReleaseAsync();
        }
    }

    [Fact]
    public async Task FindAsync_LeavingTheLoop_SendsCCancel_AndTheAssociationServesTheNextQuery()
    {
        var many = Enumerable.Range(1, 10_000).Select(n => WorklistScp.Item(n, $"Many^{n}", "CT", "20261201", "080000")).ToArray();
        var scp = new WorklistScp(many);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, scp).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("OURSCP", "127.0.0.1", server.Port),
            [new PresentationContextRequest(SopClass.FINDModalityWorklistInformationModel)]);

        var read = 0;
        await foreach (var match in association.FindAsync(SopClass.FINDModalityWorklistInformationModel, WorklistQuery("*", "CT")))
        {
            if (++read == 5)
            {
                break;
            }
        }

        var produced = await scp.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(produced, 5, 9_999);
        // The cancelled query's final response was read: the next query on the same association gets its own answers.
        var next = new List<string>();
        await foreach (var match in association.FindAsync(SopClass.FINDModalityWorklistInformationModel, WorklistQuery("Many^42", "CT")))
        {
            next.Add(match.GetString(DicomTag.PatientName));
        }

        Assert.Equal(["Many^42"], next);
        await association.ReleaseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReleaseOrAbort_WhileMatchesStream_CancelsTheHandlersToken(bool abort)
    {
        var many = Enumerable.Range(1, 10_000).Select(n => WorklistScp.Item(n, $"Many^{n}", "CT", "20261201", "080000")).ToArray();
        var scp = new WorklistScp(many);
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, scp).Start();
        var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("OURSCP", "127.0.0.1", server.Port),
            [new PresentationContextRequest(SopClass.FINDModalityWorklistInformationModel)]);
        var matches = association.FindAsync(SopClass.FINDModalityWorklistInformationModel, WorklistQuery("*", "CT")).GetAsyncEnumerator();
        Assert.True(await matches.MoveNextAsync());

        if (abort)
        {
            await association.AbortAsync();
        }
        else
        {
            // The stream ends with Cancel before A-RELEASE-RP (PS3.8 AR-7: P-DATA may still go out in Sta8).
            await association.ReleaseAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        var produced = await scp.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(produced, 1, 9_999);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await matches.MoveNextAsync())
            {
            }
        });
        await association.DisposeAsync();
    }

    [Fact]
    public async Task FindAsync_WithAFailureStatus_ThrowsWithIt()
    {
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 }, new WorklistScp([])).Start();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("OURSCP", "127.0.0.1", server.Port),
            [new PresentationContextRequest(SopClass.FINDPatientRootQueryRetrieveInformationModel)]);

        var failure = await Assert.ThrowsAsync<DimseFailureException>(async () =>
        {
            await foreach (var _ in association.FindAsync(SopClass.FINDPatientRootQueryRetrieveInformationModel, new DicomDataset().Set(DicomTag.PatientID, "X")))
            {
            }
        });

        Assert.Equal(DimseStatus.IdentifierDoesNotMatchSopClass, failure.Status);
        Assert.Equal([DicomTag.QueryRetrieveLevel], failure.Response.OffendingElements);
    }
}
