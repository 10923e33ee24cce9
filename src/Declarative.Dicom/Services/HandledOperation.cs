using Declarative.Dicom.Catalogue;

namespace Declarative.Dicom;

/// <summary>One operation a generated handler class serves: the summary the conformance statement is built from.</summary>
public sealed record HandledOperation(DimseService Service, string SopClassUid, ushort TypeId, string Method);
