using System.Collections.Generic;
using System.Collections.Immutable;
using Declarative.Dicom.Analyzers.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>DCM1003: a second handler for the same (SOP class, event type) in one class, across all its partial parts.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DuplicateHandlerAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.DuplicateHandler);

        private protected override void Register(CompilationStartAnalysisContext context, INamedTypeSymbol eventReportAttribute, HandlerCatalogue catalogue) =>
            context.RegisterSymbolAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                var seen = new Dictionary<(string, ushort), IMethodSymbol>();
                // Declaration order across partial parts: by file, then by position, as the generator sees them.
                var methods = new List<IMethodSymbol>();
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol method && method.Locations.Length > 0 && method.Locations[0].IsInSource)
                    {
                        methods.Add(method);
                    }
                }

                methods.Sort((a, b) =>
                {
                    var file = string.CompareOrdinal(a.Locations[0].SourceTree?.FilePath, b.Locations[0].SourceTree?.FilePath);
                    return file != 0 ? file : a.Locations[0].SourceSpan.Start.CompareTo(b.Locations[0].SourceSpan.Start);
                });
                foreach (var method in methods)
                {
                    foreach (var binding in EventReportBinding.Of(method, eventReportAttribute))
                    {
                        if (binding.SopClassUid is null || binding.EventTypeId is null)
                        {
                            continue;
                        }

                        var key = (binding.SopClassUid, binding.EventTypeId.Value);
                        if (seen.TryGetValue(key, out var first))
                        {
                            symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateHandler, binding.AttributeLocation,
                                Describe(catalogue, binding.SopClassUid), binding.EventTypeId.Value, first.Name));
                        }
                        else
                        {
                            seen.Add(key, method);
                        }
                    }
                }
            }, SymbolKind.NamedType);

        private static string Describe(HandlerCatalogue catalogue, string uid) => catalogue.IsKnown(uid, out var keyword) ? keyword : uid;
    }
}
