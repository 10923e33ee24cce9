using System.Collections.Generic;
using System.Collections.Immutable;
using Declarative.Dicom.Analyzers.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>DCM1003: a second handler for the same (message, SOP class, event or action type) in one class, across all its partial parts and attribute kinds.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DuplicateHandlerAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.DuplicateHandler);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            context.RegisterSymbolAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                var seen = new Dictionary<(Catalogue.DimseService, string, ushort), IMethodSymbol>();
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
                    foreach (var binding in DeclaredBinding.Of(method, attributes))
                    {
                        if (binding.SopClassUid is null || (binding.Kind.HasTypeId && binding.TypeId is null))
                        {
                            continue;
                        }

                        var key = (binding.Kind.Service, binding.SopClassUid, binding.TypeId ?? 0);
                        if (seen.TryGetValue(key, out var first))
                        {
                            symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateHandler, binding.AttributeLocation,
                                Describe(catalogue, binding), first.Name));
                        }
                        else
                        {
                            seen.Add(key, method);
                        }
                    }
                }
            }, SymbolKind.NamedType);

        /// <summary>"N-ACTION of StorageCommitmentPushModel action type 1", "C-STORE of every storage SOP class", …</summary>
        private static string Describe(HandlerCatalogue catalogue, DeclaredBinding binding)
        {
            var uid = binding.SopClassUid!;
            var sop = uid == Generators.Models.HandlerKinds.EveryStorageSopClass ? "every storage SOP class" : catalogue.IsKnown(uid, out var keyword) ? keyword : uid;
            var type = binding.TypeId is { } id ? $" {binding.Kind.TypeIdName} {id}" : string.Empty;
            return $"{binding.Kind.Display} of {sop}{type}";
        }
    }
}
