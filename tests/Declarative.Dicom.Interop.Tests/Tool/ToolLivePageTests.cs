using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`listen --web`: the live page, open in headless Chromium, shows a report within a second of its arrival.</summary>
public class ToolLivePageTests
{
    private const string StorageCommitment = "1.2.840.10008.1.20.1";
    private const string StorageCommitmentInstance = "1.2.840.10008.1.20.1.1";
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>`listen --web` on free ports, its page open in headless Chromium and live; the listener's DICOM port.</summary>
    private static async Task<(BackgroundProcess Listen, HeadlessChromium Chromium, int DicomPort)> OpenLivePageAsync()
    {
        var dicomPort = LocalPorts.Free();
        var httpPort = LocalPorts.Free();
        var listen = DicomEventsTool.Start("listen", $"LIVE@127.0.0.1:{dicomPort}", "--web", "--http-port", httpPort.ToString());
        await listen.WaitForOutputAsync($"Live page: http://127.0.0.1:{httpPort}/", TimeSpan.FromSeconds(30));
        var chromium = await HeadlessChromium.StartAsync();
        await chromium.NavigateAsync(new Uri($"http://127.0.0.1:{httpPort}/"));
        await chromium.WaitUntilAsync("document.getElementById('status')?.textContent === 'live'", TimeSpan.FromSeconds(15));
        return (listen, chromium, dicomPort);
    }

    [Fact]
    public async Task UpsEventsAndMppsNotifications_ShowEachWorkitemAndStep_WithItsLatestState()
    {
        const string upsPush = "1.2.840.10008.5.1.4.34.6.1";
        const string upsEvent = "1.2.840.10008.5.1.4.34.6.4";
        const string mppsNotification = "1.2.840.10008.3.1.2.3.5";
        var (listen, chromium, dicomPort) = await OpenLivePageAsync();
        using var listening = listen;
        await using var browser = chromium;
        var workitem = DicomUid.Generate();
        var step = DicomUid.Generate();

        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("LIVE", "127.0.0.1", dicomPort),
            [new PresentationContextRequest(upsEvent) { ScuRole = false, ScpRole = true }, new PresentationContextRequest(mppsNotification) { ScuRole = false, ScpRole = true }],
            new DicomClientOptions { AETitle = "RIS" });
        NEventReportRequest Ups(ushort type, DicomDataset information) => new(upsPush, workitem, type, information) { ContextSopClassUid = upsEvent };
        var statuses = new List<DimseStatus>
        {
            (await association.SendAsync(Ups(1, new DicomDataset().Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.InputReadinessState, "READY")))).Status,
            (await association.SendAsync(Ups(1, new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.InputReadinessState, "READY")))).Status,
            (await association.SendAsync(Ups(3, new DicomDataset().SetSequence(DicomTag.ProcedureStepProgressInformationSequence,
                new DicomDataset().Set(DicomTag.ProcedureStepProgress, "40"))))).Status,
            (await association.SendAsync(new NEventReportRequest(mppsNotification, step, 1))).Status,
            (await association.SendAsync(new NEventReportRequest(mppsNotification, step, 2))).Status,
        };
        await chromium.WaitUntilAsync($"document.querySelector('#workflow tr[data-instance=\"{step}\"]')?.dataset.state === 'COMPLETED'", TimeSpan.FromSeconds(5));

        Assert.All(statuses, s => Assert.Equal(DimseStatus.Success, s));
        var workitemRow = (string)(await chromium.EvaluateAsync($"document.querySelector('#workflow tr[data-instance=\"{workitem}\"]').innerText"))!;
        Assert.Contains("workitem\tIN PROGRESS\tprogress 40 %", workitemRow);
        var stepRow = (string)(await chromium.EvaluateAsync($"document.querySelector('#workflow tr[data-instance=\"{step}\"]').innerText"))!;
        Assert.Contains("procedure step\tCOMPLETED", stepRow);
        Assert.Equal(2, (int)(await chromium.EvaluateAsync("document.querySelectorAll('#workflow tr').length"))!);
        var report = (string)(await chromium.EvaluateAsync("document.querySelector('#reports tr.report').innerText"))!;
        Assert.DoesNotContain("refused", report);
    }

    [Fact]
    public async Task AReportSentToListenWeb_AppearsInThePage_WithinASecond()
    {
        var (listen, chromium, dicomPort) = await OpenLivePageAsync();
        using var listening = listen;
        await using var browser = chromium;

        var transaction = DicomUid.Generate();
        var committed = DicomUid.Generate();
        var failed = DicomUid.Generate();
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("LIVE", "127.0.0.1", dicomPort),
            [new PresentationContextRequest(StorageCommitment) { ScuRole = false, ScpRole = true }], new DicomClientOptions { AETitle = "PACS" });
        var response = await association.SendAsync(new NEventReportRequest(StorageCommitment, StorageCommitmentInstance, 2, new DicomDataset()
            .Set(DicomTag.TransactionUID, transaction)
            .SetSequence(DicomTag.ReferencedSOPSequence, Reference(committed))
            .SetSequence(DicomTag.FailedSOPSequence, Reference(failed).Set<ushort>(DicomTag.FailureReason, 0x0112))));
        var shown = await chromium.WaitUntilAsync($"document.querySelector('#transactions tr[data-transaction=\"{transaction}\"]') !== null", TimeSpan.FromSeconds(5));

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.True(shown < TimeSpan.FromSeconds(1), $"the report appeared in the page after {shown.TotalMilliseconds:0} ms");
        var row = (string)(await chromium.EvaluateAsync($"document.querySelector('#transactions tr[data-transaction=\"{transaction}\"]').innerText"))!;
        Assert.Contains("PACS", row);
        Assert.Contains(committed, row);
        Assert.Contains($"{failed} (no such object instance)", row);
        var report = (string)(await chromium.EvaluateAsync($"document.querySelector('#reports tr.report[data-sop-instance=\"{StorageCommitmentInstance}\"]').innerText"))!;
        Assert.Contains("PACS → LIVE", report);
        Assert.Contains("2 Storage Commitment Request Complete - Failures Exist", report);
        Assert.Contains($"(0008,1195) UI [{transaction}]", report); // the decoded Event Information, in dcmdump's layout
        Assert.Contains("0x0000 Success", report);
        var associations = (string)(await chromium.EvaluateAsync("document.getElementById('associations').innerText"))!;
        Assert.Contains("established\tPACS\tLIVE\t127.0.0.1:", associations);

        // A report the listener refuses (storage commitment has no event type 7: 0x0113) is shown as refused, and makes no transaction.
        var refusedTransaction = DicomUid.Generate();
        var refused = await association.SendAsync(new NEventReportRequest(StorageCommitment, StorageCommitmentInstance, 7, new DicomDataset()
            .Set(DicomTag.TransactionUID, refusedTransaction)
            .SetSequence(DicomTag.ReferencedSOPSequence, Reference(committed))));
        await chromium.WaitUntilAsync("document.querySelector('#reports tr.report.refused') !== null", TimeSpan.FromSeconds(5));

        Assert.Equal(DimseStatus.NoSuchEventType, refused.Status);
        var refusedRow = (string)(await chromium.EvaluateAsync("document.querySelector('#reports tr.report.refused').innerText"))!;
        Assert.Contains("refused: 0x0113 Failure (no event type 7 in StorageCommitmentPushModel)", refusedRow);
        Assert.Contains(refusedTransaction, refusedRow);
        Assert.Equal(1, (await chromium.EvaluateAsync("document.querySelectorAll('#transactions tr[data-transaction]').length"))!.GetValue<int>());
        Assert.False((await chromium.EvaluateAsync($"document.querySelector('#transactions tr[data-transaction=\"{refusedTransaction}\"]') !== null"))!.GetValue<bool>());

        // The chart counts both by status; the filters hide the reports of other calling AEs and SOP classes.
        var summary = (string)(await chromium.EvaluateAsync("document.getElementById('rate-summary').textContent"))!;
        Assert.Contains("2 report(s) in the last five minutes: 1 accepted, 1 refused", summary);
        Assert.True((await chromium.EvaluateAsync("document.querySelectorAll('#rate rect[fill=\"#b42318\"]').length > 0"))!.GetValue<bool>());
        const string visible = "[...document.querySelectorAll('#reports tr.report')].filter(r => !r.hidden).length";
        await chromium.EvaluateAsync("(() => { const f = document.getElementById('filter-ae'); f.value = 'NOBODY'; f.dispatchEvent(new Event('input')); })()");
        Assert.Equal(0, (await chromium.EvaluateAsync(visible))!.GetValue<int>());
        await chromium.EvaluateAsync("(() => { const f = document.getElementById('filter-ae'); f.value = 'pac'; f.dispatchEvent(new Event('input')); })()");
        await chromium.EvaluateAsync("(() => { const f = document.getElementById('filter-sop'); f.value = 'StorageCommitment'; f.dispatchEvent(new Event('input')); })()");
        Assert.Equal(2, (await chromium.EvaluateAsync(visible))!.GetValue<int>());
        await chromium.EvaluateAsync("(() => { const f = document.getElementById('filter-sop'); f.value = 'Printer'; f.dispatchEvent(new Event('input')); })()");
        Assert.Equal(0, (await chromium.EvaluateAsync(visible))!.GetValue<int>());

        // Its end: released by the peer, and after how long.
        await association.ReleaseAsync();
        try
        {
            await chromium.WaitUntilAsync("document.querySelector('#associations tr[data-state=\"released\"]') !== null", TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nlisten printed:\n{listen.Output}");
        }

        var ended = (string)(await chromium.EvaluateAsync("document.querySelector('#associations tr[data-state=\"released\"]').innerText"))!;
        Assert.Matches(@"released by the peer after \d+(\.\d)? (ms|s)", ended);
    }

    [Fact]
    public async Task ListenWorklist_AnswersFindscu_AndThePageShowsTheQueryWithItsMatchCount()
    {
        using var temp = new TempDirectory();
        var items = Directory.CreateDirectory(temp.File("worklist")).FullName;
        var three = Query.WorklistScp.ThreeItems();
        for (var i = 0; i < three.Length; i++)
        {
            File.WriteAllText(Path.Combine(items, $"item{i}.json"), Data.Json.DicomJsonWriter.Write(three[i]));
        }

        var dicomPort = LocalPorts.Free();
        var httpPort = LocalPorts.Free();
        using var listen = DicomEventsTool.Start("listen", $"LIVE@127.0.0.1:{dicomPort}", "--web", "--http-port", httpPort.ToString(), "--worklist", items);
        await listen.WaitForOutputAsync($"Live page: http://127.0.0.1:{httpPort}/", TimeSpan.FromSeconds(30));
        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.NavigateAsync(new Uri($"http://127.0.0.1:{httpPort}/"));
        await chromium.WaitUntilAsync("document.getElementById('status')?.textContent === 'live'", TimeSpan.FromSeconds(15));

        var find = ExternalTool.Run("findscu", "-W", "-X", "-od", temp.Path, "-aet", "CT01", "-aec", "LIVE", "127.0.0.1", dicomPort.ToString(),
            "-k", "PatientName=Do*", "-k", "AccessionNumber", "-k", "(0040,0100)[0].Modality=CT");
        await chromium.WaitUntilAsync("document.querySelector('#queries tr.query') !== null", TimeSpan.FromSeconds(5));

        find.EnsureSuccess("findscu");
        Assert.Equal(2, Directory.GetFiles(temp.Path, "rsp*.dcm").Length);
        var row = (string)(await chromium.EvaluateAsync("document.querySelector('#queries tr.query').innerText"))!;
        Assert.Contains("CT01 → LIVE", row);
        Assert.Contains("PatientName=Do*, ScheduledProcedureStepSequence[Modality=CT]", row);
        Assert.EndsWith("2", row.TrimEnd());
        await listen.WaitForOutputAsync("C-FIND (Modality Worklist) from CT01 to LIVE: PatientName=Do*, ScheduledProcedureStepSequence[Modality=CT]: 2 match(es)", TimeSpan.FromSeconds(5));
    }

    private static DicomDataset Reference(string instance) => new DicomDataset()
        .Set(DicomTag.ReferencedSOPClassUID, CtImageStorage)
        .Set(DicomTag.ReferencedSOPInstanceUID, instance);
}
