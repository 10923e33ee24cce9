using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>
    /// DCM1005: a handler the generated dispatch cannot call. Judged by <see cref="HandlerShape"/>, the same code
    /// the generator uses to decide what it can dispatch, so that what one skips the other explains.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HandlerShapeAnalyzer : HandlerAnalyzerBase
    {
        /// <summary>Which fix applies: "partial" (make the class partial) or "accessor" with <see cref="AccessorProperty"/>.</summary>
        public const string FixProperty = "Fix";
        public const string AccessorProperty = "Accessor";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.BadShape);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue)
        {
            // Class shape is reported on the class (an IDE only shows a symbol's diagnostics inside its declaration).
            context.RegisterSymbolAction(symbol => CheckClass((INamedTypeSymbol)symbol.Symbol, attributes, symbol.ReportDiagnostic), SymbolKind.NamedType);
            context.RegisterSymbolAction(symbol =>
            {
                var method = (IMethodSymbol)symbol.Symbol;
                var bindings = DeclaredBinding.Of(method, attributes);
                if (bindings.Count == 0)
                {
                    return;
                }

                void Report(Location location, string message, ImmutableDictionary<string, string?>? properties = null) =>
                    symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BadShape, location, properties, message));

                if (method.IsStatic)
                {
                    Report(method.Locations[0], $"Handler '{method.Name}' must be an instance method");
                }

                if (method.IsGenericMethod)
                {
                    Report(method.Locations[0], $"Handler '{method.Name}' must not be generic");
                }

                CheckParameters(method, bindings, catalogue, Report);
                var result = HandlerShape.Return(method.ReturnType).Result;
                if (result is null || bindings.Any(b => !HandlerShape.ResultFits(b.Kind, result.Value)))
                {
                    var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<MethodDeclarationSyntax>().FirstOrDefault();
                    var fix = syntax is not null && IsSyncIteratorOfStream(method, syntax, bindings)
                        ? ImmutableDictionary<string, string?>.Empty.Add(FixProperty, "async-iterator")
                        : null;
                    Report(syntax?.ReturnType.GetLocation() ?? method.Locations[0], ResultProblem(method, bindings, result), fix);
                }
            }, SymbolKind.Method);
        }

        /// <summary>A class that holds handlers, itself or in a nested class, must be a partial, non-generic, non-static class.</summary>
        private static void CheckClass(INamedTypeSymbol type, HandlerAttributeTypes attributes, System.Action<Diagnostic> report)
        {
            var handler = FirstHandler(type, attributes);
            if (handler is null)
            {
                return;
            }

            var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            var where = declaration?.Identifier.GetLocation() ?? type.Locations[0];
            if (type.TypeKind != TypeKind.Class || type.IsStatic)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.BadShape, where, $"'{type.Name}' must be a non-static class for its handlers to be dispatched"));
            }
            else if (!HandlerShape.IsPartialClass(type))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.BadShape, where, ImmutableDictionary<string, string?>.Empty.Add(FixProperty, "partial"),
                    $"Class '{type.Name}' must be partial: the generator adds the dispatch of '{handler.Name}' to it"));
            }
            else if (type.IsGenericType)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.BadShape, where, $"Class '{type.Name}' must not be generic: the dispatch needs one concrete handler class"));
            }
        }

        private static IMethodSymbol? FirstHandler(INamedTypeSymbol type, HandlerAttributeTypes attributes)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && attributes.IsHandler(method))
                {
                    return method;
                }

                if (member is INamedTypeSymbol nested && FirstHandler(nested, attributes) is { } inner)
                {
                    return inner;
                }
            }

            return null;
        }

        /// <summary>
        /// Why the result does not fit: a query streams its own kind of result (matches for C-FIND, instances for C-MOVE and
        /// C-GET), one pending response each, so a method cannot serve it beside messages answered by one status.
        /// </summary>
        private static string ResultProblem(IMethodSymbol method, System.Collections.Generic.List<DeclaredBinding> bindings, ResultKind? result)
        {
            var streams = bindings.Select(b => HandlerShape.StreamOf(b.Kind)).Distinct().ToList();
            if (streams.Count > 1)
            {
                var names = bindings.Select(b => b.Kind.Display).Distinct();
                return $"Handler '{method.Name}' serves {string.Join(" and ", names)}, which answer differently; give each a method of its own";
            }

            var first = bindings[0].Kind;
            return streams[0] switch
            {
                ResultKind.Matches => $"Handler '{method.Name}' answers C-FIND, which streams its matches; return IAsyncEnumerable<DicomDataset> (an async iterator that yields each match)",
                ResultKind.Instances => $"Handler '{method.Name}' answers {first.Display}, which sends instances; return IAsyncEnumerable<CStoreRequest> (an async iterator that yields each instance to send, e.g. CStoreRequest.FromFile)",
                _ when result is ResultKind.Matches or ResultKind.Instances =>
                    $"Handler '{method.Name}' streams {(result == ResultKind.Matches ? "matches, which only a [CFind]" : "instances, which only a [CMove] or [CGet]")} handler does; return DimseStatus, ushort, a status DicomDataset, {ResultName(bindings)} or nothing",
                _ => $"Handler '{method.Name}' returns '{method.ReturnType.ToDisplayString()}'; return DimseStatus, ushort, a status DicomDataset, {ResultName(bindings)} or nothing, directly or as Task/ValueTask",
            };
        }

        /// <summary>
        /// An IEnumerable iterator of what the stream needs (DicomDataset for C-FIND, CStoreRequest for C-MOVE/C-GET): the
        /// likeliest slip, which the code fix turns into an async iterator without touching what it yields.
        /// </summary>
        private static bool IsSyncIteratorOfStream(IMethodSymbol method, MethodDeclarationSyntax syntax, System.Collections.Generic.List<DeclaredBinding> bindings)
        {
            var streams = bindings.Select(b => HandlerShape.StreamOf(b.Kind)).Distinct().ToList();
            var element = streams.Count == 1 ? streams[0] switch
            {
                ResultKind.Matches => "Declarative.Dicom.Data.DicomDataset",
                ResultKind.Instances => "Declarative.Dicom.CStoreRequest",
                _ => null,
            } : null;
            return element is not null
                && method.ReturnType is INamedTypeSymbol { IsGenericType: true } type
                && type.ConstructedFrom.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                && type.TypeArguments[0].ToDisplayString() == element
                && syntax.Body is { } body
                && body.DescendantNodes(n => n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)).OfType<YieldStatementSyntax>().Any();
        }

        /// <summary>The result type to suggest: EventReportResult for event handlers, DimseResult for the others.</summary>
        private static string ResultName(System.Collections.Generic.List<DeclaredBinding> bindings) =>
            bindings.All(b => b.Kind.Service == DimseService.NEventReport) ? "EventReportResult" : "DimseResult";

        private static void CheckParameters(IMethodSymbol method, System.Collections.Generic.List<DeclaredBinding> bindings, HandlerCatalogue catalogue,
            System.Action<Location, string, ImmutableDictionary<string, string?>?> report)
        {
            // Events, actions and the N-CREATE/N-SET lists the catalogue describes have typed accessors; other bindings accept none (null).
            var accessors = bindings
                .Select(b => catalogue.FindOperation(b)?.AccessorName)
                .Distinct()
                .ToList();
            var kinds = bindings.Select(b => b.Kind).Distinct().ToList();
            // The request type to suggest: the one kind's own, or the common base when the method serves several.
            var request = kinds.Count == 1 ? kinds[0].RequestName : "DimseRequest";
            var seen = new System.Collections.Generic.HashSet<ParameterKind>();
            foreach (var parameter in method.Parameters)
            {
                var location = parameter.Locations.FirstOrDefault() ?? method.Locations[0];
                var kind = HandlerShape.ClassifyParameter(parameter);
                if (parameter.RefKind != RefKind.None)
                {
                    report(location, $"Parameter '{parameter.Name}' of '{method.Name}' must not be ref, out or in", null);
                }
                else if (kind is null)
                {
                    var suggestion = accessors.Count == 1 && accessors[0] is { } only ? only : request;
                    var accessorText = accessors.Count == 1 && accessors[0] is { } typed ? typed + ", " : string.Empty;
                    report(location, $"Parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString()}' cannot be supplied; take {accessorText}{request} or CancellationToken",
                        ImmutableDictionary<string, string?>.Empty.Add(FixProperty, "accessor").Add(AccessorProperty, suggestion));
                }
                else if (kinds.FirstOrDefault(k => !HandlerShape.ParameterFits(k, kind.Value.Kind)) is { } other)
                {
                    report(location, $"Parameter '{parameter.Name}' is a DicomQuery, which {other.Display} does not send (C-FIND, C-MOVE and C-GET do); take {request}",
                        ImmutableDictionary<string, string?>.Empty.Add(FixProperty, "accessor").Add(AccessorProperty, request));
                }
                else if (!seen.Add(kind.Value.Kind))
                {
                    report(location, $"'{method.Name}' takes a {kind.Value.Kind} twice; each is supplied once", null);
                }
                else if (kind.Value.Kind == ParameterKind.Request)
                {
                    var mismatched = kinds.Where(k => !HandlerShape.AcceptsRequest(k, kind.Value.TypeName!)).Select(k => k.Display).ToList();
                    if (mismatched.Count > 0)
                    {
                        report(location, $"Parameter '{parameter.Name}' is a {parameter.Type.Name}, which {string.Join(" and ", mismatched)} {(mismatched.Count == 1 ? "does" : "do")} not send; take {request}",
                            ImmutableDictionary<string, string?>.Empty.Add(FixProperty, "accessor").Add(AccessorProperty, request));
                    }
                }
                else if (kind.Value.Kind == ParameterKind.Accessor)
                {
                    var name = parameter.Type.Name;
                    var mismatched = accessors.Where(a => a != name).ToList();
                    if (mismatched.Count > 0)
                    {
                        var fix = accessors.Count == 1 && accessors[0] is { } right ? right : request;
                        var what = kinds.All(k => k.Service == DimseService.NEventReport) ? "every event this method handles"
                            : accessors.All(a => a is not null) ? "every operation this method handles"
                            : "what this method handles (only events, actions and the N-CREATE/N-SET lists the catalogue describes have typed accessors)";
                        report(location, $"Parameter '{parameter.Name}' is a {name}, which is not the accessor of {what}; take {fix}",
                            ImmutableDictionary<string, string?>.Empty.Add(FixProperty, "accessor").Add(AccessorProperty, fix));
                    }
                }
            }
        }
    }
}
