namespace Declarative.Dicom.Network;

/// <summary>
/// The seam between the wire and the services: the network layer negotiates the contexts a handler
/// declares and hands it each request it receives; the generated dispatch implements this, and so can
/// a program that wants no generator. An adapter for another DICOM stack would call the same interface.
/// </summary>
public interface IDicomServiceHandler
{
    /// <summary>The abstract syntaxes (and roles) to accept. Requests for other SOP classes are answered 0x0118 or 0x0122.</summary>
    IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; }

    /// <summary>
    /// Handles one request and returns the response to send. An exception becomes 0x0110 Processing
    /// Failure with an Error Comment; a reply dataset with a failure status is dropped with a warning.
    /// </summary>
    ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken);
}
