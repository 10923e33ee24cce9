using System.Collections.Concurrent;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.TestSupport;

/// <summary>
/// The far ends of the scale-out load, in the test process: the modality's storage-commitment listener (counts reports by
/// Transaction UID) and two UPS watchers (keep each workitem's State Reports in the order they arrived).
/// </summary>
public sealed class ScaleOutReceivers : IAsyncDisposable
{
    private readonly DicomServer _modality;
    private readonly DicomServer[] _watchers;

    public ScaleOutReceivers()
    {
        var commitment = new AnsweringHandler([new PresentationContextPolicy(SopClass.StorageCommitmentPushModel) { RequestorMayBeScp = true }], request =>
        {
            Commitments.Enqueue(((NEventReportRequest)request).EventInformation!.GetString(DicomTag.TransactionUID));
            return new DimseResponse(DimseStatus.Success);
        });
        _modality = new DicomServer(new DicomServerOptions { AETitle = "MODALITY", Port = 0 }, commitment).Start();
        _watchers = [Watcher("WATCH1"), Watcher("WATCH2")];
    }

    public ConcurrentQueue<string> Commitments { get; } = new();

    /// <summary>Per watcher, per workitem: the states of the State Reports (event type 1) in arrival order.</summary>
    public ConcurrentDictionary<(string Watcher, string Workitem), ConcurrentQueue<string>> States { get; } = new();

    /// <summary>The peers table entries the nodes are given.</summary>
    public IEnumerable<string> Peers => [$"MODALITY@127.0.0.1:{_modality.Port}", $"WATCH1@127.0.0.1:{_watchers[0].Port}", $"WATCH2@127.0.0.1:{_watchers[1].Port}"];

    private DicomServer Watcher(string aeTitle)
    {
        var handler = new AnsweringHandler(
            [new PresentationContextPolicy(SopClass.UnifiedProcedureStepEvent) { RequestorMayBeScp = true, AlsoServes = [SopClass.UnifiedProcedureStepPush] }], request =>
            {
                var report = (NEventReportRequest)request;
                if (report.EventTypeId == 1)
                {
                    States.GetOrAdd((aeTitle, report.SopInstanceUid!), _ => new()).Enqueue(report.EventInformation!.GetString(DicomTag.ProcedureStepState));
                }

                return new DimseResponse(DimseStatus.Success);
            });
        return new DicomServer(new DicomServerOptions { AETitle = aeTitle, Port = 0 }, handler).Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _modality.DisposeAsync();
        foreach (var watcher in _watchers)
        {
            await watcher.DisposeAsync();
        }
    }
}

/// <summary>Accepts the given contexts and answers each request with a function (the request is lent for the call only).</summary>
internal sealed class AnsweringHandler(IReadOnlyList<PresentationContextPolicy> contexts, Func<DimseRequest, DimseResponse> answer) : IDicomServiceHandler
{
    public IReadOnlyList<PresentationContextPolicy> PresentationContexts => contexts;

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(answer(request));
}
