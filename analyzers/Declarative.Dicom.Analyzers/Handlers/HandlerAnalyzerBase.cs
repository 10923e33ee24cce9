using System.Collections.Generic;
using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>Runs an analysis for each method that carries [EventReport], when the compilation references the runtime.</summary>
    public abstract class HandlerAnalyzerBase : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var attribute = start.Compilation.GetTypeByMetadataName(EventReportBinding.AttributeMetadataName);
                if (attribute is not null)
                {
                    Register(start, attribute, new HandlerCatalogue(PrivateDeclarations.Read(start.Compilation.Assembly)));
                }
            });
        }

        private protected abstract void Register(CompilationStartAnalysisContext context, INamedTypeSymbol eventReportAttribute, HandlerCatalogue catalogue);

        /// <summary>
        /// Runs <paramref name="action"/> on the operation blocks of handler methods only: the operation trees of
        /// a type's methods are built for the analyzer only when the type declares a handler, which spares an
        /// ordinary project almost all of the cost.
        /// </summary>
        private protected static void RegisterHandlerBlocks(CompilationStartAnalysisContext context, INamedTypeSymbol attribute,
            System.Action<OperationBlockAnalysisContext, List<EventReportBinding>> action) =>
            context.RegisterSymbolStartAction(start =>
            {
                var type = (INamedTypeSymbol)start.Symbol;
                if (!type.GetMembers().Any(m => m is IMethodSymbol method && method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute))))
                {
                    return;
                }

                start.RegisterOperationBlockAction(block =>
                {
                    var bindings = BindingsOf(block.OwningSymbol, attribute);
                    if (bindings.Count > 0)
                    {
                        action(block, bindings);
                    }
                });
            }, SymbolKind.NamedType);

        /// <summary>The bindings of a method, or an empty list when it has none (the common case, checked first).</summary>
        private protected static List<EventReportBinding> BindingsOf(ISymbol symbol, INamedTypeSymbol attribute) =>
            symbol is IMethodSymbol method ? EventReportBinding.Of(method, attribute) : new List<EventReportBinding>();
    }

    /// <summary>The standard's catalogue together with the private SOP classes the compilation declares.</summary>
    public sealed class HandlerCatalogue
    {
        internal HandlerCatalogue(EquatableArray<PrivateSopClass> declared) => Declared = declared;

        internal EquatableArray<PrivateSopClass> Declared { get; }

        public SopClassInfo? FindSopClass(string uid) => PrivateDeclarations.Find(uid, Declared);

        public bool IsKnown(string uid, out string keyword)
        {
            if (ServiceClassCatalogue.KnownSopClasses.TryGetValue(uid, out var known))
            {
                keyword = known;
                return true;
            }

            var own = Declared.FirstOrDefault(s => s.Uid == uid);
            keyword = own?.Keyword ?? uid;
            return own is not null;
        }

        /// <summary>The service class's name, or where the statuses come from for a class outside the standard's.</summary>
        public static string ServiceClassName(string uid) =>
            ServiceClassCatalogue.FindServiceClass(uid)?.Name ?? $"SOP class {uid} (general statuses of PS3.7)";
    }
}
