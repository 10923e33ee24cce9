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

        /// <summary>Returned values and thrown exceptions in one walk of the block (each walk of every handler costs build time).</summary>
        public static IEnumerable<(IOperation Value, bool Thrown)> ReturnedAndThrown(IOperation block)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IReturnOperation { ReturnedValue: { } value } when !InsideNestedFunction(operation, block):
                        yield return (value, false);
                        break;
                    case IThrowOperation { Exception: { } exception } when !InsideNestedFunction(operation, block):
                        yield return (exception, true);
                        break;
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
