using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.Generators.Handlers
{
    /// <summary>
    /// Writes, for each partial class with handler methods ([EventReport], [NAction], [NCreate], [NSet], [NGet],
    /// [NDelete], [CEcho], [CStore]), the dispatch that implements IDicomServiceHandler: the presentation contexts to
    /// accept with the roles each service needs, a switch on request type, SOP class and event or action type, and
    /// a summary of what the class handles. The pipeline: attributed method → ParsedHandler per attribute kind
    /// (parser) → grouped by class → source (emitter).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class HandlerGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // One provider per attribute kind: ForAttributeWithMetadataName is the cheap, cached way to find them,
            // and takes one name each. A method with several kinds yields one ParsedHandler per kind; Group merges them.
            IncrementalValueProvider<ImmutableArray<ParsedHandler>>? all = null;
            foreach (var kind in HandlerKinds.All)
            {
                var handlers = context.SyntaxProvider
                    .ForAttributeWithMetadataName(
                        kind.AttributeMetadataName,
                        static (node, _) => node is MethodDeclarationSyntax,
                        (syntax, token) => Parser.Parse(syntax, kind, token))
                    .Where(static handler => handler is not null)
                    .Select(static (handler, _) => handler!)
                    .WithTrackingName(TrackingNames.Handlers)
                    .Collect();
                all = all is null ? handlers : all.Value.Combine(handlers).Select(static (pair, _) => pair.Left.AddRange(pair.Right));
            }

            var classes = all!.Value
                .SelectMany(static (handlers, _) => Group(handlers))
                .WithTrackingName(TrackingNames.Classes);

            // Private SOP classes the assembly declares: an equatable model, so that only a change to them re-emits.
            var declared = context.CompilationProvider
                .Select(static (compilation, _) => PrivateDeclarations.Read(compilation.Assembly))
                .WithTrackingName(TrackingNames.PrivateDeclarations);

            context.RegisterSourceOutput(classes.Combine(declared), static (output, pair) =>
                output.AddSource(pair.Left.HintName, Emitter.Emit(pair.Left, pair.Right)));
        }

        /// <summary>Handlers by class; a method found under several attribute kinds becomes one method with all its bindings.</summary>
        private static ImmutableArray<HandlerClass> Group(ImmutableArray<ParsedHandler> handlers) =>
            handlers
                .GroupBy(h => h.ClassKey)
                .Select(g => new HandlerClass(g.First().Namespace, g.First().Types, g
                    .GroupBy(h => h.Method with { Bindings = default })
                    .Select(m => m.Key with { Bindings = m.SelectMany(h => h.Method.Bindings).ToEquatableArray() })
                    .ToEquatableArray()))
                .ToImmutableArray();
    }

    /// <summary>Names of the pipeline steps, for tests that check what was cached.</summary>
    public static class TrackingNames
    {
        public const string Handlers = "Handlers";
        public const string Classes = "Classes";
        public const string Accessors = "Accessors";
        public const string PrivateDeclarations = "PrivateDeclarations";
    }
}
