using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;

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
        // Two classes may serve one SOP class in different roles (a storage-commitment SCP and a report listener):
        // a handler whose policy takes the peer in the request's role is preferred, then any that names the class.
        var peerIsScp = request.CommandField == DimseCommandField.NEventReportRequest;
        var handler = Find(request, policy => peerIsScp ? policy.RequestorMayBeScp : policy.RequestorMayBeScu) ?? Find(request, _ => true);
        return handler is null ? ValueTask.FromResult(HandlerResults.NotServed(request)) : handler.HandleAsync(request, cancellationToken);
    }

    private IDicomServiceHandler? Find(DimseRequest request, Func<PresentationContextPolicy, bool> inRole)
    {
        var context = request.PresentationContext?.AbstractSyntax;
        foreach (var handler in _handlers)
        {
            foreach (var policy in handler.PresentationContexts)
            {
                if ((policy.AbstractSyntax == request.SopClassUid || (policy.AbstractSyntax == context && policy.AlsoServes.Contains(request.SopClassUid))) && inRole(policy))
                {
                    return handler;
                }
            }
        }

        return null;
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
