namespace Declarative.Dicom.Network;

/// <summary>
/// A handler that says which operations it serves: every generated handler class does (its [NSet], [NAction] … methods), so
/// that a composition can send it those requests and the rest elsewhere (<see cref="Hosting.RulesBeforeStandard"/>).
/// </summary>
public interface IDeclaresOperations
{
    IReadOnlyList<HandledOperation> HandledOperations { get; }
}
