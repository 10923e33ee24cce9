using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Handlers;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Dicom.Generators.Accessors
{
    /// <summary>
    /// Writes a typed accessor for every event and action type of the catalogue. It runs where the assembly
    /// asks for it with [assembly: GenerateCatalogueAccessors], which the runtime does, so that the runtime
    /// ships the accessors once and user compilations only reference them.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class AccessorGenerator : IIncrementalGenerator
    {
        public const string MarkerAttribute = "Declarative.Dicom.Services.GenerateCatalogueAccessorsAttribute";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var wanted = context.CompilationProvider
                .Select(static (compilation, _) => compilation.Assembly.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MarkerAttribute))
                .WithTrackingName(TrackingNames.Accessors);

            // Accessors of the private SOP classes an assembly declares are written into that assembly.
            var declared = context.CompilationProvider.Select(static (compilation, _) => PrivateDeclarations.Read(compilation.Assembly));
            context.RegisterSourceOutput(declared, static (output, sops) =>
            {
                foreach (var sop in sops)
                {
                    var info = PrivateDeclarations.ToCatalogue(sop);
                    foreach (var operation in info.EventTypes)
                    {
                        output.AddSource($"{operation.AccessorName}.g.cs", AccessorEmitter.Emit(info, operation, DimseService.NEventReport));
                    }
                }
            });

            context.RegisterSourceOutput(wanted, static (output, generate) =>
            {
                if (!generate)
                {
                    return;
                }

                // The typed C-FIND builders of the query information models.
                foreach (var model in QueryModelCatalogue.Models)
                {
                    if (model.Keys.Length > 0)
                    {
                        output.AddSource($"{model.Name}Query.g.cs", QueryBuilderEmitter.Emit(model));
                    }
                }

                foreach (var sop in ServiceClassCatalogue.SopClasses)
                {
                    foreach (var operation in sop.EventTypes)
                    {
                        output.AddSource($"{operation.AccessorName}.g.cs", AccessorEmitter.Emit(sop, operation, DimseService.NEventReport));
                    }

                    foreach (var operation in sop.ActionTypes)
                    {
                        output.AddSource($"{operation.AccessorName}.g.cs", AccessorEmitter.Emit(sop, operation, DimseService.NAction));
                    }

                    foreach (var (service, list) in new[] { (DimseService.NCreate, sop.Create), (DimseService.NSet, sop.Set) })
                    {
                        if (list is not null)
                        {
                            output.AddSource($"{list.AccessorName}.g.cs", AccessorEmitter.Emit(sop, list, service));
                        }
                    }
                }
            });
        }
    }
}
