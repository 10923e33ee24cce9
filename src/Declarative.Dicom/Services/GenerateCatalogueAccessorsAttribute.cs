namespace Declarative.Dicom.Services;

/// <summary>Asks the accessor generator to write the catalogue's typed accessors into this assembly (the runtime does, once).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class GenerateCatalogueAccessorsAttribute : Attribute
{
}
