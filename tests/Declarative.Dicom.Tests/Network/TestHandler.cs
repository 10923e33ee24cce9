using System.Collections.Concurrent;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Records requests and answers them with a function (default: Success).</summary>
internal sealed class TestHandler(IEnumerable<PresentationContextPolicy> contexts, Func<DimseRequest, DimseResponse>? answer = null) : IDicomServiceHandler
{
    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = contexts.ToList();

    public ConcurrentQueue<DimseRequest> Requests { get; } = new();

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return ValueTask.FromResult((answer ?? (_ => new DimseResponse(DimseStatus.Success)))(request));
    }
}
