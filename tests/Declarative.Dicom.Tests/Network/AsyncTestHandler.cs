using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Answers each request with an asynchronous function: for tests where a handler really waits.</summary>
internal sealed class AsyncTestHandler(IEnumerable<PresentationContextPolicy> contexts, Func<DimseRequest, Task<DimseResponse>> answer) : IDicomServiceHandler
{
    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = contexts.ToList();

    public async ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken) => await answer(request);
}
