using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>
    /// What every analyzer of a compilation needs and would otherwise each work out again: the handler attribute
    /// types, the catalogue with the compilation's private SOP classes, and each method's bindings. One instance per
    /// compilation, held weakly (it goes with the compilation), built by whichever analyzer asks first.
    /// </summary>
    internal sealed class CompilationBindings
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> ByCompilation = new ConditionalWeakTable<Compilation, Holder>();
        private static readonly ConditionalWeakTable<HandlerAttributeTypes, ConcurrentDictionary<IMethodSymbol, List<DeclaredBinding>>> ByAttributes =
            new ConditionalWeakTable<HandlerAttributeTypes, ConcurrentDictionary<IMethodSymbol, List<DeclaredBinding>>>();

        private CompilationBindings(HandlerAttributeTypes attributes, HandlerCatalogue catalogue)
        {
            Attributes = attributes;
            Catalogue = catalogue;
        }

        public HandlerAttributeTypes Attributes { get; }

        public HandlerCatalogue Catalogue { get; }

        /// <summary>The compilation's shared state, or null when it does not reference the runtime (nothing to analyze).</summary>
        public static CompilationBindings? For(Compilation compilation) =>
            ByCompilation.GetValue(compilation, static c => new Holder(HandlerAttributeTypes.Resolve(c) is { } attributes
                ? new CompilationBindings(attributes, new HandlerCatalogue(PrivateDeclarations.Read(c.Assembly)))
                : null)).Value;

        /// <summary>A method's bindings, read once for all analyzers of the compilation the attribute types came from.</summary>
        public static List<DeclaredBinding> Of(IMethodSymbol method, HandlerAttributeTypes attributes) =>
            ByAttributes.GetValue(attributes, static _ => new ConcurrentDictionary<IMethodSymbol, List<DeclaredBinding>>(SymbolEqualityComparer.Default))
                .GetOrAdd(method, m => DeclaredBinding.Read(m, attributes));

        /// <summary>A table value may not be null: a compilation without the runtime is remembered as an empty holder.</summary>
        private sealed class Holder
        {
            public Holder(CompilationBindings? value) => Value = value;

            public CompilationBindings? Value { get; }
        }
    }
}
