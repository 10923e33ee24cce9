using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>A status code a handler can return, and the expression that produces it.</summary>
    internal readonly struct StatusValue
    {
        public StatusValue(ushort code, SyntaxNode node)
        {
            Code = code;
            Node = node;
        }

        public ushort Code { get; }

        public SyntaxNode Node { get; }
    }

    /// <summary>
    /// Follows a returned value to the status codes it can be: literals and constants, DimseStatus members,
    /// static readonly fields, locals with an initializer, conditional and switch expressions, EventReportResult, DimseResult
    /// and DimseStatus constructions, thrown DimseStatusExceptions, and status datasets built with Set(DicomTag.Status, …). What it cannot
    /// follow it leaves alone: no guess, no false positive.
    /// </summary>
    internal sealed class StatusValues
    {
        private readonly Compilation _compilation;
        private readonly List<StatusValue> _found = new();
        private readonly HashSet<ISymbol> _visited = new(SymbolEqualityComparer.Default);

        private StatusValues(Compilation compilation) => _compilation = compilation;

        public static List<StatusValue> Of(IOperation value, Compilation compilation)
        {
            var collector = new StatusValues(compilation);
            collector.Visit(value);
            return collector._found;
        }

        private void Visit(IOperation? operation)
        {
            switch (operation)
            {
                case null:
                    return;
                case IConversionOperation conversion:
                    Visit(conversion.Operand);
                    return;
                case IParenthesizedOperation parenthesized:
                    Visit(parenthesized.Operand);
                    return;
                case IConditionalOperation conditional:
                    Visit(conditional.WhenTrue);
                    Visit(conditional.WhenFalse);
                    return;
                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        Visit(arm.Value);
                    }

                    return;
                case IPropertyReferenceOperation property when IsDimseStatus(property.Property.ContainingType) && property.Property.IsStatic:
                    var code = StatusCodeOf(property.Property);
                    if (code is { } c)
                    {
                        _found.Add(new StatusValue(c, property.Syntax));
                    }

                    return;
                case IObjectCreationOperation creation when IsDimseStatus(creation.Type) || IsResult(creation.Type):
                    if (creation.Arguments.Length > 0)
                    {
                        Visit(creation.Arguments[0].Value);
                    }

                    return;
                case IInvocationOperation invocation:
                    VisitInvocation(invocation);
                    return;
                case IFieldReferenceOperation field when VisitInitializer(field.Field):
                    return; // reported where the value is written, so that one fix mends every use
                case ILocalReferenceOperation local when VisitInitializer(local.Local):
                    return;
            }

            if (operation.ConstantValue.HasValue && operation.ConstantValue.Value is { } constant && IsInteger(constant))
            {
                var value = System.Convert.ToInt64(constant, System.Globalization.CultureInfo.InvariantCulture);
                if (value is >= 0 and <= ushort.MaxValue)
                {
                    _found.Add(new StatusValue((ushort)value, operation.Syntax));
                }
            }
        }

        private void VisitInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (IsResult(method.ContainingType) && method.Name == "Success")
            {
                _found.Add(new StatusValue(0x0000, invocation.Syntax));
                return;
            }

            if ((IsResult(method.ContainingType) && method.Name == "Failure") || IsTaskFromResult(method))
            {
                if (invocation.Arguments.Length > 0)
                {
                    Visit(invocation.Arguments[0].Value);
                }

                return;
            }

            if (IsDatasetSet(method))
            {
                // A status dataset built by chained Set calls: the call that sets (0000,0900) holds the code.
                for (IOperation? call = invocation; call is IInvocationOperation set && IsDatasetSet(set.TargetMethod); call = set.Instance)
                {
                    if (set.Arguments.Length > 1 && IsStatusTag(set.Arguments[0].Value))
                    {
                        var value = set.Arguments[1].Value;
                        if (value is IArrayCreationOperation { Initializer: { } initializer })
                        {
                            foreach (var element in initializer.ElementValues)
                            {
                                Visit(element);
                            }
                        }
                        else
                        {
                            Visit(value);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Follows a constant, read-only field or local to the value it was initialized with, when that is in this
        /// compilation; false when there is nothing to follow (a mutable field, metadata), so the caller decides.
        /// </summary>
        private bool VisitInitializer(ISymbol symbol)
        {
            if (symbol is IFieldSymbol { IsReadOnly: false, IsConst: false })
            {
                return false;
            }

            var followed = false;
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer })
                {
                    followed = true;
                    if (_visited.Add(symbol))
                    {
                        var model = _compilation.GetSemanticModel(initializer.SyntaxTree);
                        Visit(model.GetOperation(initializer.Value));
                    }
                }
            }

            return followed;
        }

        private static ushort? StatusCodeOf(IPropertySymbol property)
        {
            foreach (var attribute in property.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == "Declarative.Dicom.DimseStatusCodeAttribute"
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ushort code)
                {
                    return code;
                }
            }

            return null;
        }

        // Simple names are compared before full names: this runs over every returned value as you type.
        private static bool IsStatusTag(IOperation tag) =>
            tag is IPropertyReferenceOperation { Property: { Name: "Status", IsStatic: true } property } && Is(property.ContainingType, "DicomTag", "Declarative.Dicom.Data.DicomTag");

        private static bool IsDatasetSet(IMethodSymbol method) =>
            method.Name == "Set" && Is(method.ContainingType, "DicomDataset", "Declarative.Dicom.Data.DicomDataset");

        private static bool IsTaskFromResult(IMethodSymbol method) =>
            method.Name == "FromResult" && (Is(method.ContainingType, "Task", "System.Threading.Tasks.Task") || Is(method.ContainingType, "ValueTask", "System.Threading.Tasks.ValueTask"));

        private static bool IsDimseStatus(ITypeSymbol? type) => Is(type, "DimseStatus", "Declarative.Dicom.DimseStatus");

        private static bool IsResult(ITypeSymbol? type) =>
            Is(type, "EventReportResult", "Declarative.Dicom.EventReportResult") || Is(type, "DimseResult", "Declarative.Dicom.DimseResult")
            || Is(type, "DimseStatusException", "Declarative.Dicom.DimseStatusException");

        private static bool Is(ITypeSymbol? type, string name, string fullName) => type is not null && type.Name == name && type.ToDisplayString() == fullName;

        private static bool IsInteger(object value) => value is int or uint or short or ushort or long or ulong or byte or sbyte;
    }
}
