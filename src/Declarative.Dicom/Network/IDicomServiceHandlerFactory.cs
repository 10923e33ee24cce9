namespace Declarative.Dicom.Network;

/// <summary>
/// Gives each association its own handler: created when the association is accepted, released when it
/// ends. Lets a host resolve handlers from a DI scope per association. The contexts are the same for
/// every association, so negotiation needs no instance.
/// </summary>
public interface IDicomServiceHandlerFactory
{
    IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; }

    IDicomServiceHandler Create();

    void Release(IDicomServiceHandler handler);
}

/// <summary>One handler shared by every association: what <c>new DicomServer(options, handler)</c> uses.</summary>
internal sealed class SharedHandlerFactory(IDicomServiceHandler handler) : IDicomServiceHandlerFactory
{
    public IReadOnlyList<PresentationContextPolicy> PresentationContexts => handler.PresentationContexts;

    public IDicomServiceHandler Create() => handler;

    public void Release(IDicomServiceHandler released)
    {
    }
}
