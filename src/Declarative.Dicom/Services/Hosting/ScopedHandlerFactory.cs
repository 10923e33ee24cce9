using Declarative.Dicom.Network;
using Microsoft.Extensions.DependencyInjection;

namespace Declarative.Dicom.Hosting;

/// <summary>Resolves the registered handler classes from a DI scope of their own for each association, and disposes the scope when it ends.</summary>
internal sealed class ScopedHandlerFactory : IDicomServiceHandlerFactory
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IReadOnlyList<Type> _handlerTypes;
    private readonly Dictionary<IDicomServiceHandler, IServiceScope> _live = new(ReferenceEqualityComparer.Instance);

    public ScopedHandlerFactory(IServiceScopeFactory scopes, IReadOnlyList<Type> handlerTypes)
    {
        _scopes = scopes;
        _handlerTypes = handlerTypes;
        // The contexts are a property of the handler classes; one throwaway scope reads them.
        using var probe = scopes.CreateScope();
        PresentationContexts = new CompositeServiceHandler(Resolve(probe.ServiceProvider)).PresentationContexts;
    }

    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; }

    public IDicomServiceHandler Create()
    {
        var scope = _scopes.CreateScope();
        var handler = new CompositeServiceHandler(Resolve(scope.ServiceProvider));
        lock (_live)
        {
            _live.Add(handler, scope);
        }

        return handler;
    }

    public void Release(IDicomServiceHandler handler)
    {
        IServiceScope? scope;
        lock (_live)
        {
            _live.Remove(handler, out scope);
        }

        scope?.Dispose();
    }

    private List<IDicomServiceHandler> Resolve(IServiceProvider services) =>
        _handlerTypes.Select(t => (IDicomServiceHandler)services.GetRequiredService(t)).ToList();
}
