using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.Generators.EventReport
{
    /// <summary>
    /// Writes, for each partial class with [EventReport] methods, the dispatch that implements
    /// IDicomServiceHandler: the presentation contexts to accept, a switch on SOP class and event type,
    /// and a summary of what the class handles. The pipeline: attributed method → HandlerMethod (parser)
    /// → grouped by class → source (emitter).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class EventReportGenerator : IIncrementalGenerator
    {
        public const string AttributeName = "Declarative.Dicom.EventReportAttribute";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var handlers = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    AttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (syntax, token) => Parser.Parse(syntax, token))
                .Where(static handler => handler is not null)
                .Select(static (handler, _) => handler!)
                .WithTrackingName(TrackingNames.Handlers);

            var classes = handlers
                .Collect()
                .SelectMany(static (all, _) => Group(all))
                .WithTrackingName(TrackingNames.Classes);

            // Private SOP classes the assembly declares: an equatable model, so that only a change to them re-emits.
            var declared = context.CompilationProvider
                .Select(static (compilation, _) => PrivateDeclarations.Read(compilation.Assembly))
                .WithTrackingName(TrackingNames.PrivateDeclarations);

            context.RegisterSourceOutput(classes.Combine(declared), static (output, pair) =>
                output.AddSource(pair.Left.HintName, Emitter.Emit(pair.Left, pair.Right)));
        }

        private static ImmutableArray<HandlerClass> Group(ImmutableArray<ParsedHandler> handlers) =>
            handlers
                .GroupBy(h => h.ClassKey)
                .Select(g => new HandlerClass(g.First().Namespace, g.First().Types, g.Select(h => h.Method).ToEquatableArray()))
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
