using System.ComponentModel;

namespace Declarative.Dicom;

/// <summary>
/// Marks a framework type whose methods may be handed what a handler is lent (the request, its datasets) because they copy
/// whatever they keep past the call: DCM1007 does not report handing lent values to them. A collection (DicomDataset.Add)
/// keeps what it is given and is never marked.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CopiesWhatItKeepsAttribute : Attribute
{
}
