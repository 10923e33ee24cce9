using System.Collections.Generic;
using Declarative.Dicom.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Declarative.Dicom.Generators.Models
{
    /// <summary>
    /// The handler shapes the generated dispatch can call, judged from symbols. Shared by the generator
    /// (which skips what it cannot call) and the analyzers (which say why), so the two never disagree.
    /// </summary>
    internal static class HandlerShape
    {
        public const string AccessorBaseType = "Declarative.Dicom.DatasetAccessor";

        public const string QueryType = "Declarative.Dicom.DicomQuery";

        /// <summary>What a C-FIND handler returns: its matches, produced one at a time.</summary>
        public const string MatchesType = "System.Collections.Generic.IAsyncEnumerable<Declarative.Dicom.Data.DicomDataset>";

        /// <summary>What a C-MOVE or C-GET handler returns: the instances to send.</summary>
        public const string InstancesType = "System.Collections.Generic.IAsyncEnumerable<Declarative.Dicom.CStoreRequest>";

        /// <summary>The one result a handler of <paramref name="kind"/> streams, if it streams: matches for C-FIND, instances for C-MOVE and C-GET.</summary>
        public static ResultKind? StreamOf(HandlerKind kind) => kind.Service switch
        {
            Catalogue.DimseService.CFind => ResultKind.Matches,
            Catalogue.DimseService.CMove or Catalogue.DimseService.CGet => ResultKind.Instances,
            _ => null,
        };

        /// <summary>Whether a handler of <paramref name="kind"/> may return <paramref name="result"/>: the queries stream their own kind of result, the others none.</summary>
        public static bool ResultFits(HandlerKind kind, ResultKind result) =>
            StreamOf(kind) is { } stream ? result == stream : result is not (ResultKind.Matches or ResultKind.Instances);

        /// <summary>Whether a handler of <paramref name="kind"/> can be given a parameter of <paramref name="parameter"/> kind (a DicomQuery only for the queries).</summary>
        public static bool ParameterFits(HandlerKind kind, ParameterKind parameter) => parameter != ParameterKind.Query || HandlerKinds.IsQuery(kind.Service);

        /// <summary>The containing types, outermost first, or null when one of them is not a partial, non-generic class.</summary>
        public static EquatableArray<TypeDeclaration>? ContainingTypes(INamedTypeSymbol type)
        {
            var chain = new List<TypeDeclaration>();
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (!IsPartialClass(current) || current.IsGenericType || current.IsStatic)
                {
                    return null;
                }

                chain.Insert(0, new TypeDeclaration(current.IsRecord ? "record" : "class", current.Name));
            }

            return chain.ToEquatableArray();
        }

        public static bool IsPartialClass(INamedTypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Class)
            {
                return false;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax declaration
                    && declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The parameters' kinds, or null when one is of a type the dispatch cannot supply, by ref, or supplied twice.</summary>
        public static EquatableArray<HandlerParameter>? Parameters(IMethodSymbol method)
        {
            var result = new List<HandlerParameter>();
            foreach (var parameter in method.Parameters)
            {
                if (ClassifyParameter(parameter) is not { } kind || result.Exists(p => p.Kind == kind.Kind))
                {
                    return null;
                }

                result.Add(kind);
            }

            return result.ToEquatableArray();
        }

        public static HandlerParameter? ClassifyParameter(IParameterSymbol parameter)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                return null;
            }

            // Names first, full names only on a match: analyzers run this for every handler as you type.
            var type = parameter.Type;
            if (RequestTypeName(type) is { } request)
            {
                return new HandlerParameter(ParameterKind.Request, request);
            }

            if (type.Name == "CancellationToken" && type.ToDisplayString() == "System.Threading.CancellationToken")
            {
                return new HandlerParameter(ParameterKind.CancellationToken, null);
            }

            if (type.Name == "DicomQuery" && type.ToDisplayString() == QueryType)
            {
                return new HandlerParameter(ParameterKind.Query, null);
            }

            // The accessor of a private event type is written by the accessor generator in this very compilation,
            // which other generators do not see: here it is an unresolved name, taken at its word and checked by
            // the emitter against the declared accessor names.
            if (type.TypeKind == TypeKind.Error && type.ContainingType is null && type.Name.Length > 0)
            {
                return new HandlerParameter(ParameterKind.Accessor, "global::Declarative.Dicom." + type.Name);
            }

            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                if (baseType.Name == "DatasetAccessor" && baseType.ToDisplayString() == AccessorBaseType)
                {
                    return new HandlerParameter(ParameterKind.Accessor, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                }
            }

            return null;
        }

        /// <summary>The full name of a request type a handler may take (one kind's request, or DimseRequest for any), else null.</summary>
        public static string? RequestTypeName(ITypeSymbol type)
        {
            if (!type.Name.EndsWith("Request", System.StringComparison.Ordinal))
            {
                return null;
            }

            var full = type.ToDisplayString();
            if (full == HandlerKinds.BaseRequestType)
            {
                return full;
            }

            foreach (var kind in HandlerKinds.All)
            {
                if (full == kind.RequestType)
                {
                    return full;
                }
            }

            return null;
        }

        /// <summary>Whether a handler bound to <paramref name="kind"/> can be handed a request parameter of this type.</summary>
        public static bool AcceptsRequest(HandlerKind kind, string requestType) =>
            requestType == kind.RequestType || requestType == HandlerKinds.BaseRequestType;

        /// <summary>What the method returns once awaited; null result when the dispatch cannot turn it into a response.</summary>
        public static (ResultKind? Result, AwaitKind Await) Return(ITypeSymbol returnType)
        {
            if (returnType.SpecialType == SpecialType.System_Void)
            {
                return (ResultKind.Void, AwaitKind.None);
            }

            if (returnType is INamedTypeSymbol { Name: "Task" or "ValueTask" } named)
            {
                var original = named.OriginalDefinition.ToDisplayString();
                switch (original)
                {
                    case "System.Threading.Tasks.Task":
                        return (ResultKind.Void, AwaitKind.Task);
                    case "System.Threading.Tasks.ValueTask":
                        return (ResultKind.Void, AwaitKind.ValueTask);
                    case "System.Threading.Tasks.Task<TResult>":
                        return (Value(named.TypeArguments[0]), AwaitKind.Task);
                    case "System.Threading.Tasks.ValueTask<TResult>":
                        return (Value(named.TypeArguments[0]), AwaitKind.ValueTask);
                }
            }

            if (returnType is INamedTypeSymbol { Name: "IAsyncEnumerable", TypeArguments.Length: 1 } stream)
            {
                var full = stream.ToDisplayString();
                return (full == MatchesType ? ResultKind.Matches : full == InstancesType ? ResultKind.Instances : null, AwaitKind.None);
            }

            return (Value(returnType), AwaitKind.None);
        }

        private static ResultKind? Value(ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_UInt16)
            {
                return ResultKind.UShort;
            }

            if (type.Name is not ("DimseStatus" or "DicomDataset" or "EventReportResult" or "DimseResult"))
            {
                return null;
            }

            return type.ToDisplayString() switch
            {
                "Declarative.Dicom.DimseStatus" => ResultKind.Status,
                "Declarative.Dicom.Data.DicomDataset" => ResultKind.StatusDataset,
                "Declarative.Dicom.EventReportResult" => ResultKind.Result,
                "Declarative.Dicom.DimseResult" => ResultKind.Result,
                _ => null,
            };
        }
    }
}
