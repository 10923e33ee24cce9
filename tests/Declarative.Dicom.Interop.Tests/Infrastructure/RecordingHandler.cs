using System.Collections.Concurrent;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// A plain handler for network tests: accepts the given SOP classes, records a kept copy of every request (the request
/// itself is lent for the call only), answers with a function.
/// </summary>
internal sealed class RecordingHandler : IDicomServiceHandler
{
    private readonly Func<DimseRequest, DimseResponse> _answer;

    public RecordingHandler(IEnumerable<PresentationContextPolicy> contexts, Func<DimseRequest, DimseResponse>? answer = null)
    {
        PresentationContexts = contexts.ToList();
        _answer = answer ?? (_ => new DimseResponse(DimseStatus.Success));
    }

    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; }

    public ConcurrentQueue<DimseRequest> Requests { get; } = new();

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.Keep());
        return ValueTask.FromResult(_answer(request));
    }
}
