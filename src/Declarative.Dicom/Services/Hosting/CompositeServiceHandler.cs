using Declarative.Dicom.Network;

namespace Declarative.Dicom.Hosting;

/// <summary>
/// Several handler classes served as one: their contexts merged (roles and aliases combined per abstract
/// syntax), each request routed to the handler that declares its SOP class or its context.
/// </summary>
public sealed class CompositeServiceHandler : IDicomServiceHandler
{
    private readonly IReadOnlyList<IDicomServiceHandler> _handlers;

    public CompositeServiceHandler(IReadOnlyList<IDicomServiceHandler> handlers)
    {
        _handlers = handlers;
        PresentationContexts = Merge(handlers.SelectMany(h => h.PresentationContexts));
    }

    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; }

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        var context = request.PresentationContext?.AbstractSyntax;
        foreach (var handler in _handlers)
        {
            foreach (var policy in handler.PresentationContexts)
            {
                if (policy.AbstractSyntax == request.SopClassUid || (policy.AbstractSyntax == context && policy.AlsoServes.Contains(request.SopClassUid)))
                {
                    return handler.HandleAsync(request, cancellationToken);
                }
            }
        }

        return ValueTask.FromResult(HandlerResults.NotServed(request));
    }

    /// <summary>One policy per abstract syntax: a role any handler allows is allowed; transfer syntaxes in first-seen order.</summary>
    public static IReadOnlyList<PresentationContextPolicy> Merge(IEnumerable<PresentationContextPolicy> policies) =>
        policies
            .GroupBy(p => p.AbstractSyntax)
            .Select(g => new PresentationContextPolicy(g.Key)
            {
                TransferSyntaxes = g.SelectMany(p => p.TransferSyntaxes).Distinct().ToList(),
                RequestorMayBeScu = g.Any(p => p.RequestorMayBeScu),
                RequestorMayBeScp = g.Any(p => p.RequestorMayBeScp),
                AlsoServes = g.SelectMany(p => p.AlsoServes).Distinct().ToList(),
            })
            .ToList();
}
