using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>DCM1006: a handler that returns a status dataset sets an element outside group 0000 in it, which is never sent.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StatusDatasetElementAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.StatusDatasetElement);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            RegisterHandlerBlocks(context, attributes, (block, _) =>
            {
                if (block.OwningSymbol is not IMethodSymbol method || !ReturnsDataset(method.ReturnType))
                {
                    return;
                }

                foreach (var returned in block.OperationBlocks.SelectMany(HandlerReturns.Of))
                {
                    var value = returned;
                    while (value is IConversionOperation conversion)
                    {
                        value = conversion.Operand;
                    }

                    for (var call = value as IInvocationOperation; call is not null && IsSet(call.TargetMethod); call = call.Instance as IInvocationOperation)
                    {
                        if (call.Arguments.Length > 0 && call.Arguments[0].Value is IPropertyReferenceOperation { Property: var tag } tagReference
                            && tag.ContainingType.ToDisplayString() == "Declarative.Dicom.Data.DicomTag"
                            && !tag.GetAttributes().Any(a => a.AttributeClass?.Name == "CommandElementAttribute"))
                        {
                            block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StatusDatasetElement, tagReference.Syntax.GetLocation(), $"DicomTag.{tag.Name}"));
                        }
                    }
                }
            });

        private static bool ReturnsDataset(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments.Length == 1)
            {
                type = named.TypeArguments[0];
            }

            return type.ToDisplayString() == "Declarative.Dicom.Data.DicomDataset";
        }

        private static bool IsSet(IMethodSymbol method) =>
            method.Name is "Set" or "SetBytes" && method.ContainingType.ToDisplayString() == "Declarative.Dicom.Data.DicomDataset";
    }
}
