// The typed accessors of every catalogue event and action type are generated into this assembly
// at build time by Declarative.Dicom.Generators (Accessors/AccessorGenerator.cs).
[assembly: Declarative.Dicom.Services.GenerateCatalogueAccessors]
