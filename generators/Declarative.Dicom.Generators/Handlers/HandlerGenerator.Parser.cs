using System.Linq;
using System.Threading;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Dicom.Generators.Handlers
{
    public sealed partial class HandlerGenerator
    {
        /// <summary>
        /// Symbols → model. A method the generator cannot call (not partial, static, generic, a parameter
        /// or return type it does not know) yields null: the analyzers report why (DCM1005), the generator
        /// stays silent so that each mistake is reported once.
        /// </summary>
        internal static class Parser
        {
            private const string ConcurrentHandlerAttribute = "Declarative.Dicom.ConcurrentHandlerAttribute";

            public static ParsedHandler? Parse(GeneratorAttributeSyntaxContext context, HandlerKind kind, CancellationToken token)
            {
                if (context.TargetSymbol is not IMethodSymbol method || method.IsStatic || method.IsGenericMethod || method.ContainingType is not { } type)
                {
                    return null;
                }

                var types = HandlerShape.ContainingTypes(type);
                if (types is null)
                {
                    return null;
                }

                var parameters = HandlerShape.Parameters(method);
                var (result, awaitKind) = HandlerShape.Return(method.ReturnType);
                if (parameters is null || result is null || !HandlerShape.ResultFits(kind, result.Value)
                    || parameters.Value.Any(p => !HandlerShape.ParameterFits(kind, p.Kind)))
                {
                    return null;
                }

                token.ThrowIfCancellationRequested();
                var bindings = context.Attributes
                    .Select(a => HandlerKinds.Bind(kind, a))
                    .Where(b => b is not null)
                    .Select(b => b!.Value)
                    .ToEquatableArray();
                var ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
                var concurrent = method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ConcurrentHandlerAttribute);
                return new ParsedHandler(ns, types.Value, new HandlerMethod(method.Name, bindings, parameters.Value, result.Value, awaitKind, concurrent));
            }
        }
    }
}
