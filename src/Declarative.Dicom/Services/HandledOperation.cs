using Declarative.Dicom.Catalogue;

namespace Declarative.Dicom;

/// <summary>
/// One operation a generated handler class serves: the summary the conformance statement is built from.
/// <see cref="Concurrent"/>: the method carries [ConcurrentHandler], so its calls may overlap the association's next requests.
/// </summary>
public sealed record HandledOperation(DimseService Service, string SopClassUid, ushort TypeId, string Method, bool Concurrent = false);
