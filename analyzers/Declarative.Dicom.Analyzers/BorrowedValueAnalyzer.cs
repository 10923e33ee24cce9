using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>
    /// DCM1007: a handler stores what it was lent for the call (its request, a dataset or an accessor reached from its
    /// parameters) where it outlives the call: in a field or property, in a collection or channel the handler's object
    /// owns, or in a lambda handed to something that runs it later; or passes it to a method of its own type that does
    /// one of these with it (one level deep). Values read out of them (strings, numbers) are copies and are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BorrowedValueAnalyzer : HandlerAnalyzerBase
    {
        /// <summary>Methods that run a delegate later, on another thread or after the call: a lambda passed to them escapes.</summary>
        private static readonly ImmutableHashSet<string> DeferringMethods =
            ImmutableHashSet.Create("Run", "StartNew", "ContinueWith", "QueueUserWorkItem", "UnsafeQueueUserWorkItem", "Register", "UnsafeRegister");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.BorrowedKept);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            context.RegisterSymbolStartAction(start =>
            {
                var type = (INamedTypeSymbol)start.Symbol;
                if (!DeclaresHandlers(type, attributes))
                {
                    return;
                }

                // One level into the type's own helpers: what each keeps of its parameters, and what handlers pass them.
                var kept = new ConcurrentDictionary<(IMethodSymbol Helper, int Ordinal), string>(HelperParameterComparer.Instance);
                var passed = new ConcurrentBag<PassedToHelper>();
                start.RegisterOperationBlockAction(block =>
                {
                    if (block.OwningSymbol is not IMethodSymbol method)
                    {
                        return;
                    }

                    var isHandler = BindingsOf(method, attributes).Count > 0;
                    foreach (var escape in Escapes(block.OperationBlocks, method))
                    {
                        if (isHandler)
                        {
                            Report(block.ReportDiagnostic, escape.Value, escape.How, escape.Wrappable);
                        }
                        else if (RootParameter(escape.Value) is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
                        {
                            kept.TryAdd((method.OriginalDefinition, parameter.Ordinal), escape.How);
                        }
                    }

                    if (isHandler)
                    {
                        foreach (var call in block.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()).OfType<IInvocationOperation>())
                        {
                            if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, type) || BindingsOf(call.TargetMethod, attributes).Count > 0)
                            {
                                continue;
                            }

                            foreach (var argument in call.Arguments)
                            {
                                if (argument.Parameter is { } target && Borrowed(argument.Value) is { } lent)
                                {
                                    passed.Add(new PassedToHelper(lent, call.TargetMethod.OriginalDefinition, target.Ordinal));
                                }
                            }
                        }
                    }
                });
                start.RegisterSymbolEndAction(end =>
                {
                    foreach (var call in passed)
                    {
                        if (kept.TryGetValue((call.Helper, call.Ordinal), out var how))
                        {
                            Report(end.ReportDiagnostic, call.Value, $"passing it to {call.Helper.Name}, which keeps it by {how},", HasKeep(call.Value.Type));
                        }
                    }
                });
            }, SymbolKind.NamedType);

        /// <summary>Where a method lets a lent value outlive the call: stored in a field or property, handed to a collection the object owns, captured by a lambda that runs later.</summary>
        private static IEnumerable<(IOperation Value, string How, bool Wrappable)> Escapes(ImmutableArray<IOperation> blocks, IMethodSymbol method)
        {
            foreach (var operation in blocks.SelectMany(b => b.DescendantsAndSelf()))
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation assignment when IsLongLived(assignment.Target) && Borrowed(assignment.Value) is { } stored:
                        yield return (stored, $"storing it in {Describe(assignment.Target)}", HasKeep(stored.Type));
                        break;
                    // A framework service marked [CopiesWhatItKeeps] (a workflow) copies what it keeps: handing it a lent value is
                    // the intended use, not an escape.
                    case IInvocationOperation call when call.Instance is { } receiver && IsLongLived(Unwrap(receiver)) && !IsFramework(call.TargetMethod):
                        foreach (var argument in call.Arguments)
                        {
                            if (Borrowed(argument.Value) is { } handed)
                            {
                                yield return (handed, $"handing it to {Describe(Unwrap(receiver))}.{call.TargetMethod.Name}", HasKeep(handed.Type));
                            }
                        }

                        break;
                    case IAnonymousFunctionOperation lambda when Escapes(lambda) is { } where:
                        // Keep() inside the lambda would run too late: no automatic fix, the copy must be made before.
                        if (lambda.Body.Descendants().OfType<IParameterReferenceOperation>().FirstOrDefault(p => IsBorrowedParameter(p, method)) is { } captured)
                        {
                            yield return (captured, $"a lambda {where} captures it", false);
                        }

                        break;
                }
            }
        }

        /// <summary>A lent value a handler passes to a helper method of its own type, by the helper's parameter ordinal.</summary>
        private sealed record PassedToHelper(IOperation Value, IMethodSymbol Helper, int Ordinal);

        private sealed class HelperParameterComparer : IEqualityComparer<(IMethodSymbol Helper, int Ordinal)>
        {
            public static readonly HelperParameterComparer Instance = new HelperParameterComparer();

            public bool Equals((IMethodSymbol Helper, int Ordinal) x, (IMethodSymbol Helper, int Ordinal) y) =>
                x.Ordinal == y.Ordinal && SymbolEqualityComparer.Default.Equals(x.Helper, y.Helper);

            public int GetHashCode((IMethodSymbol Helper, int Ordinal) key) => SymbolEqualityComparer.Default.GetHashCode(key.Helper) * 31 + key.Ordinal;
        }

        /// <summary>Set on diagnostics where wrapping the reported expression in .Keep() is the fix (the code fix reads it).</summary>
        public const string WrapInKeep = "WrapInKeep";

        private static readonly ImmutableDictionary<string, string?> Wrappable = ImmutableDictionary<string, string?>.Empty.Add(WrapInKeep, "true");

        private static void Report(System.Action<Diagnostic> report, IOperation borrowed, string how, bool wrappable) =>
            report(Diagnostic.Create(DiagnosticDescriptors.BorrowedKept, borrowed.Syntax.GetLocation(),
                wrappable ? Wrappable : ImmutableDictionary<string, string?>.Empty, borrowed.Syntax.ToString(), how,
                HasKeep(borrowed.Type) ? $"Keep a copy with {borrowed.Syntax}.Keep()" : "Keep the dataset it comes from with Keep() and take it from the copy"));

        /// <summary>The borrowed value an expression evaluates to (a handler parameter, or a dataset or accessor reached from one), or null.</summary>
        private static IOperation? Borrowed(IOperation value)
        {
            value = Unwrap(value);
            if (value is ILocalReferenceOperation local && IsLentType(local.Type) && EnumeratesLent(local))
            {
                return value;
            }

            return RootParameter(value) is { } parameter && IsLentType(value.Type) && IsLentType(parameter.Type) ? value : null;
        }

        /// <summary>The parameter a value was reached from (itself, a property or a call on it, not through Keep()), or null.</summary>
        private static IParameterSymbol? RootParameter(IOperation value)
        {
            for (var part = Unwrap(value); part is not null; part = part switch
                 {
                     IPropertyReferenceOperation property => property.Instance,
                     IInvocationOperation { TargetMethod.Name: not "Keep" } call => call.Instance,
                     _ => null,
                 })
            {
                if (part is IParameterReferenceOperation parameter)
                {
                    return parameter.Parameter;
                }
            }

            return null;
        }

        /// <summary>The local is the variable of a foreach over something lent (the attributes of a lent dataset, the items of a lent sequence).</summary>
        private static bool EnumeratesLent(ILocalReferenceOperation local)
        {
            for (var parent = local.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IForEachLoopOperation loop && loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default))
                {
                    return Borrowed(loop.Collection) is not null;
                }
            }

            return false;
        }

        /// <summary>Whether the fix can call Keep() on it (an attribute has none: the fix is to keep its dataset).</summary>
        private static bool HasKeep(ITypeSymbol? type)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                if (t.GetMembers("Keep").Any(m => m is IMethodSymbol { Parameters.Length: 0 }))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsBorrowedParameter(IParameterReferenceOperation reference, ISymbol handler) =>
            SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, handler) && IsLentType(reference.Type);

        /// <summary>Requests, datasets (and their attributes) and accessors: what the runtime lends a handler.</summary>
        private static bool IsLentType(ITypeSymbol? type)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                var name = t.ToDisplayString();
                if (name is "Declarative.Dicom.DimseRequest" or "Declarative.Dicom.DatasetAccessor" or "Declarative.Dicom.Data.DicomDataset" or "Declarative.Dicom.Data.DicomAttribute")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A field or property (of this object, another, or static): unlike a local, it lives on after the call.</summary>
        private static bool IsFramework(IMethodSymbol method) =>
            method.ContainingType?.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Declarative.Dicom.CopiesWhatItKeepsAttribute") == true;

        private static bool IsLongLived(IOperation target) =>
            target is IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } or IEventReferenceOperation
            || (target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer && indexer.Instance is { } owner && IsLongLived(Unwrap(owner)))
            || (target is IArrayElementReferenceOperation element && IsLongLived(Unwrap(element.ArrayReference)));

        /// <summary>Where a lambda goes that makes it outlive the call, or null when it is only called during it.</summary>
        private static string? Escapes(IAnonymousFunctionOperation lambda)
        {
            var use = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
            while (use is IConversionOperation)
            {
                use = use.Parent;
            }

            return use switch
            {
                IArgumentOperation { Parent: IInvocationOperation call } when DeferringMethods.Contains(call.TargetMethod.Name) => $"passed to {call.TargetMethod.Name}",
                ISimpleAssignmentOperation assignment when IsLongLived(assignment.Target) => $"stored in {Describe(assignment.Target)}",
                IEventAssignmentOperation => "subscribed to an event",
                _ => null,
            };
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        private static string Describe(IOperation target) => target switch
        {
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance is { } owner => Describe(Unwrap(owner)) + "[…]",
            IPropertyReferenceOperation { Instance: IFieldReferenceOperation or IPropertyReferenceOperation } property => Describe(property.Instance!) + "." + property.Property.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            IArrayElementReferenceOperation element => Describe(Unwrap(element.ArrayReference)) + "[…]",
            _ => target.Syntax.ToString(),
        };
    }
}
