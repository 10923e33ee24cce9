using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>
    /// DCM1008: [ConcurrentHandler] where it changes nothing: on a method that is not a DIMSE handler, or on a handler
    /// that completes before it returns (nothing is left running for the association's next requests to overlap).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConcurrentHandlerAnalyzer : HandlerAnalyzerBase
    {
        private const string AttributeMetadataName = "Declarative.Dicom.ConcurrentHandlerAttribute";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.ConcurrencyWithoutEffect);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue)
        {
            if (context.Compilation.GetTypeByMetadataName(AttributeMetadataName) is not { } concurrent)
            {
                return;
            }

            context.RegisterSymbolAction(symbol =>
            {
                var method = (IMethodSymbol)symbol.Symbol;
                var attribute = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, concurrent));
                if (attribute?.ApplicationSyntaxReference is not { } syntax)
                {
                    return;
                }

                var location = Location.Create(syntax.SyntaxTree, syntax.Span);
                if (!attributes.IsHandler(method))
                {
                    symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConcurrencyWithoutEffect, location,
                        $"'{method.Name}' is not a DIMSE handler (no [EventReport], [NAction], [NCreate], [NSet], [NGet], [NDelete], [CEcho], [CStore], [CFind], [CMove] or [CGet])"));
                }
                else if (HandlerShape.Return(method.ReturnType).Await == AwaitKind.None)
                {
                    symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConcurrencyWithoutEffect, location,
                        $"'{method.Name}' returns {method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}: it completes before it returns, so no later request can overlap it"));
                }
            }, SymbolKind.Method);
        }
    }
}
