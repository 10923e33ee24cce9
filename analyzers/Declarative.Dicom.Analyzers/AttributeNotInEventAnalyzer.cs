using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>
    /// DCM1006 (accessor form): a handler reads, through its typed accessor's dataset, an attribute the event
    /// type does not carry in its Event Information: it will be absent from a conforming report.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AttributeNotInEventAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.AttributeNotInEvent);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            RegisterHandlerBlocks(context, attributes, (block, bindings) =>
            {
                var method = (IMethodSymbol)block.OwningSymbol;
                var events = bindings.Select(catalogue.FindOperation).ToList();
                if (events.Count == 0 || events.Any(e => e is null))
                {
                    return; // an event the catalogue does not describe: nothing to judge against
                }

                var accessors = method.Parameters.Where(p => events.All(e => e!.AccessorName == p.Type.Name)).ToList();
                if (accessors.Count == 0)
                {
                    return;
                }

                var carried = events.SelectMany(e => e!.Information).Select(a => a.Keyword).ToImmutableHashSet();
                foreach (var operation in block.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()))
                {
                    // report.Dataset.GetXxx(DicomTag.Keyword, …) on the accessor parameter
                    if (operation is IInvocationOperation { Instance: IPropertyReferenceOperation { Property.Name: "Dataset", Instance: IParameterReferenceOperation parameter } } call
                        && accessors.Any(a => SymbolEqualityComparer.Default.Equals(a, parameter.Parameter))
                        && call.TargetMethod.Name.StartsWith("Get", System.StringComparison.Ordinal)
                        && call.Arguments.Length > 0
                        && call.Arguments[0].Value is IPropertyReferenceOperation { Property: { IsStatic: true } tag } tagReference
                        && tag.ContainingType.ToDisplayString() == "Declarative.Dicom.Data.DicomTag"
                        && !carried.Contains(tag.Name))
                    {
                        block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AttributeNotInEvent, tagReference.Syntax.GetLocation(),
                            tag.Name, string.Join(", ", events.Select(e => $"'{e!.Name}'").Distinct())));
                    }
                }
            });
    }
}
