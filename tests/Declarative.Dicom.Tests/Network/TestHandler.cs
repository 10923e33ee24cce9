using System.Collections.Concurrent;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Records a kept copy of each request (the request itself is lent for the call only) and answers with a function (default: Success).</summary>
internal sealed class TestHandler(IEnumerable<PresentationContextPolicy> contexts, Func<DimseRequest, DimseResponse>? answer = null) : IDicomServiceHandler
{
    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = contexts.ToList();

    public ConcurrentQueue<DimseRequest> Requests { get; } = new();

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.Keep());
        return ValueTask.FromResult((answer ?? (_ => new DimseResponse(DimseStatus.Success)))(request));
    }
}
