using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom.Hosting;

/// <summary>
/// An application's handler class in front of a standard behaviour (a workflow): each request the class declares a method
/// for — by message, SOP class (its context's, for UPS) and event or action type — goes to it, every other one to the
/// standard behaviour. So an application declares handlers only where it has rules of its own:
/// <c>new DicomServer(options, ups.With(new MyRules(ups)))</c>.
/// </summary>
public sealed class RulesBeforeStandard : IDicomServiceHandler
{
    private readonly IDicomServiceHandler _rules;
    private readonly IDicomServiceHandler _standard;
    private readonly HashSet<(DimseService, string, ushort)> _declared = [];
    private readonly HashSet<DimseService> _everyStorageClass = [];

    public RulesBeforeStandard(IDicomServiceHandler rules, IDicomServiceHandler standard)
    {
        if (rules is not IDeclaresOperations declares)
        {
            throw new ArgumentException("The rules are a generated handler class (one with [NSet], [NAction] … methods): it says which operations it serves.", nameof(rules));
        }

        _rules = rules;
        _standard = standard;
        foreach (var operation in declares.HandledOperations)
        {
            if (operation.SopClassUid.Length == 0)
            {
                _everyStorageClass.Add(operation.Service); // [CStore] without a SOP class
            }
            else
            {
                _declared.Add((operation.Service, operation.SopClassUid, operation.TypeId));
            }
        }

        PresentationContexts = CompositeServiceHandler.Merge(standard.PresentationContexts.Concat(rules.PresentationContexts));
    }

    public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; }

    public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken) =>
        Declared(request) ? _rules.HandleAsync(request, cancellationToken) : _standard.HandleAsync(request, cancellationToken);

    private bool Declared(DimseRequest request)
    {
        if (request.CommandField.ServiceOf() is not { } service)
        {
            return false;
        }

        var sopClass = HandlerContexts.SopClassOf(request);
        var typeId = request switch
        {
            NActionRequest action => action.ActionTypeId,
            NEventReportRequest report => report.EventTypeId,
            _ => (ushort)0,
        };
        return _declared.Contains((service, sopClass, typeId))
            || (_everyStorageClass.Contains(service) && ServiceClassCatalogue.IsStorageSopClass(sopClass));
    }
}
