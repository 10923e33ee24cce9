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
    /// owns, or in a lambda handed to something that runs it later. Values read out of them (strings, numbers) are copies
    /// and are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BorrowedValueAnalyzer : HandlerAnalyzerBase
    {
        /// <summary>Methods that run a delegate later, on another thread or after the call: a lambda passed to them escapes.</summary>
        private static readonly ImmutableHashSet<string> DeferringMethods =
            ImmutableHashSet.Create("Run", "StartNew", "ContinueWith", "QueueUserWorkItem", "UnsafeQueueUserWorkItem", "Register", "UnsafeRegister");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.BorrowedKept);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            RegisterHandlerBlocks(context, attributes, (block, _) =>
            {
                foreach (var operation in block.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()))
                {
                    switch (operation)
                    {
                        case ISimpleAssignmentOperation assignment when IsLongLived(assignment.Target) && Borrowed(assignment.Value) is { } stored:
                            Report(block, stored, $"storing it in {Describe(assignment.Target)}", wrappable: HasKeep(stored.Type));
                            break;
                        case IInvocationOperation call when call.Instance is { } receiver && IsLongLived(Unwrap(receiver)):
                            foreach (var argument in call.Arguments)
                            {
                                if (Borrowed(argument.Value) is { } passed)
                                {
                                    Report(block, passed, $"handing it to {Describe(Unwrap(receiver))}.{call.TargetMethod.Name}", wrappable: HasKeep(passed.Type));
                                }
                            }

                            break;
                        case IAnonymousFunctionOperation lambda when Escapes(lambda) is { } where:
                            foreach (var captured in lambda.Body.Descendants().OfType<IParameterReferenceOperation>().Where(p => IsBorrowedParameter(p, block.OwningSymbol)))
                            {
                                // Keep() inside the lambda would run too late: no automatic fix, the copy must be made before.
                                Report(block, captured, $"a lambda {where} captures it", wrappable: false);
                                break;
                            }

                            break;
                    }
                }
            });

        /// <summary>Set on diagnostics where wrapping the reported expression in .Keep() is the fix (the code fix reads it).</summary>
        public const string WrapInKeep = "WrapInKeep";

        private static readonly ImmutableDictionary<string, string?> Wrappable = ImmutableDictionary<string, string?>.Empty.Add(WrapInKeep, "true");

        private static void Report(OperationBlockAnalysisContext block, IOperation borrowed, string how, bool wrappable) =>
            block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BorrowedKept, borrowed.Syntax.GetLocation(),
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

            for (var part = value; part is not null; part = part switch
                 {
                     IPropertyReferenceOperation property => property.Instance,
                     IInvocationOperation { TargetMethod.Name: not "Keep" } call => call.Instance,
                     _ => null,
                 })
            {
                if (part is IParameterReferenceOperation parameter)
                {
                    return IsLentType(value.Type) && IsLentType(parameter.Type) ? value : null;
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
