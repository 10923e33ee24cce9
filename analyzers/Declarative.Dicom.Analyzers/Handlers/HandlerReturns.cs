using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>
    /// The values a handler's own return statements (not those of lambdas or local functions inside it) return, and the
    /// exceptions its own throw statements throw.
    /// </summary>
    internal static class HandlerReturns
    {
        public static IEnumerable<IOperation> Of(IOperation block)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value } && !InsideNestedFunction(operation, block))
                {
                    yield return value;
                }
            }
        }

        public static IEnumerable<IOperation> Thrown(IOperation block)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IThrowOperation { Exception: { } exception } && !InsideNestedFunction(operation, block))
                {
                    yield return exception;
                }
            }
        }

        private static bool InsideNestedFunction(IOperation operation, IOperation root)
        {
            for (var parent = operation.Parent; parent is not null && parent != root; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
