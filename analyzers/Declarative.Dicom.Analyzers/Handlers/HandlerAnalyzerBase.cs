using System.Collections.Generic;
using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>Runs an analysis for each method that carries a handler attribute, when the compilation references the runtime.</summary>
    public abstract class HandlerAnalyzerBase : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (CompilationBindings.For(start.Compilation) is { } shared)
                {
                    Register(start, shared.Attributes, shared.Catalogue);
                }
            });
        }

        private protected abstract void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue);

        /// <summary>
        /// Runs <paramref name="action"/> on the operation blocks of handler methods only: the operation trees of
        /// a type's methods are built for the analyzer only when the type declares a handler, which spares an
        /// ordinary project almost all of the cost.
        /// </summary>
        private protected static void RegisterHandlerBlocks(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes,
            System.Action<OperationBlockAnalysisContext, List<DeclaredBinding>> action) =>
            context.RegisterSymbolStartAction(start =>
            {
                if (!DeclaresHandlers((INamedTypeSymbol)start.Symbol, attributes))
                {
                    return;
                }

                start.RegisterOperationBlockAction(block =>
                {
                    var bindings = BindingsOf(block.OwningSymbol, attributes);
                    if (bindings.Count > 0)
                    {
                        action(block, bindings);
                    }
                });
            }, SymbolKind.NamedType);

        /// <summary>Whether the type declares a handler method: the analyzers that read operation trees look only inside those.</summary>
        private protected static bool DeclaresHandlers(INamedTypeSymbol type, HandlerAttributeTypes attributes) =>
            type.GetMembers().Any(m => m is IMethodSymbol method && attributes.IsHandler(method));

        /// <summary>The bindings of a method, or an empty list when it has none (the common case, checked first).</summary>
        private protected static List<DeclaredBinding> BindingsOf(ISymbol symbol, HandlerAttributeTypes attributes) =>
            symbol is IMethodSymbol method ? DeclaredBinding.Of(method, attributes) : NoBindings;

        private static readonly List<DeclaredBinding> NoBindings = new List<DeclaredBinding>();
    }

    /// <summary>The standard's catalogue together with the private SOP classes the compilation declares.</summary>
    public sealed class HandlerCatalogue
    {
        internal HandlerCatalogue(EquatableArray<PrivateSopClass> declared) => Declared = declared;

        internal EquatableArray<PrivateSopClass> Declared { get; }

        public SopClassInfo? FindSopClass(string uid) => PrivateDeclarations.Find(uid, Declared);

        /// <summary>What the catalogue describes of the binding's dataset: the event or action type, the N-CREATE or N-SET list.</summary>
        internal OperationTypeInfo? FindOperation(DeclaredBinding binding)
        {
            if (binding.SopClassUid is null || (binding.Kind.HasTypeId && binding.TypeId is null) || !binding.NamesSopClass)
            {
                return null;
            }

            return FindSopClass(binding.SopClassUid)?.FindOperation(binding.Kind.Service, binding.TypeId ?? 0);
        }

        /// <summary>
        /// The statuses the binding's service class allows for its message; for "every storage SOP class", those of
        /// the Storage Service Class; for C-ECHO, those of Verification.
        /// </summary>
        internal static StatusInfo[] AllowedStatuses(DeclaredBinding binding)
        {
            if (binding.SopClassUid is not { } uid)
            {
                return System.Array.Empty<StatusInfo>();
            }

            if (uid == HandlerKinds.EveryStorageSopClass)
            {
                uid = ServiceClassCatalogue.StorageSopClassUids.FirstOrDefault() ?? uid;
            }

            return ServiceClassCatalogue.AllowedStatuses(uid, binding.Kind.Service);
        }

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
            uid == HandlerKinds.EveryStorageSopClass ? ServiceClassCatalogue.StorageServiceClass
                : ServiceClassCatalogue.FindServiceClass(uid)?.Name ?? $"SOP class {uid} (general statuses of PS3.7)";
    }
}
