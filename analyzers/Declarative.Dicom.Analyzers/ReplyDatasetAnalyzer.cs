using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Declarative.Dicom.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>
    /// DCM1002: EventReportResult constructions that disagree with the event type's Event Reply: a reply
    /// with a failure status (dropped), a reply where none is defined (dropped), Success without a reply
    /// that has required attributes.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReplyDatasetAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(DiagnosticDescriptors.ReplyDataset);

        private protected override void Register(CompilationStartAnalysisContext context, INamedTypeSymbol eventReportAttribute, HandlerCatalogue catalogue) =>
            RegisterHandlerBlocks(context, eventReportAttribute, (block, bindings) =>
            {
                var operations = bindings
                    .Select(b => b.SopClassUid is null || b.EventTypeId is null ? null : catalogue.FindSopClass(b.SopClassUid)?.FindEventType(b.EventTypeId.Value))
                    .Where(o => o is not null)
                    .Select(o => o!)
                    .ToList();
                if (operations.Count == 0)
                {
                    return;
                }

                // Bare statuses matter only where a reply is required: follow them only then (the common case is none).
                var replyRequired = operations.Any(o => o.Reply is { } r && r.Any(a => a.IsRequired));
                foreach (var returned in block.OperationBlocks.SelectMany(HandlerReturns.Of))
                {
                    var (status, reply, node) = Describe(returned, block.Compilation, replyRequired);
                    if (node is null)
                    {
                        continue;
                    }

                    if (reply is not null && status is { } code && !DimseStatusCategories.AllowsReply(code))
                    {
                        block.ReportDiagnostic(Warning(reply.Syntax.GetLocation(), Messages.ReplyWithFailure(code)));
                        continue;
                    }

                    foreach (var operation in operations)
                    {
                        if (reply is not null && operation.Reply is null)
                        {
                            block.ReportDiagnostic(Warning(reply.Syntax.GetLocation(), Messages.ReplyNotDefined(operation.Name)));
                            break;
                        }

                        if (reply is null && status is { } s && DimseStatusCategories.AllowsReply(s) && operation.Reply is { } defined && defined.Any(a => a.IsRequired))
                        {
                            block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReplyDataset, node.GetLocation(),
                                ReplyStub.Describe(defined, CanCarryReply(block.OwningSymbol)), Messages.MissingReply(operation.Name)));
                            break;
                        }
                    }
                }
            });

        /// <summary>A reply that will be dropped is a warning; the rule's default severity is the error form's.</summary>
        private static Diagnostic Warning(Location location, string message) =>
            Diagnostic.Create(DiagnosticDescriptors.ReplyDataset, location, DiagnosticSeverity.Warning, null, null, message);

        /// <summary>The status (when constant) and reply argument of an EventReportResult built in the return expression, or of a bare status when asked to follow one.</summary>
        private static (ushort? Status, IOperation? Reply, SyntaxNode? Node) Describe(IOperation returned, Compilation compilation, bool followBareStatus)
        {
            var value = returned;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            IOperation? statusArgument = null;
            IOperation? replyArgument = null;
            switch (value)
            {
                case IObjectCreationOperation creation when creation.Type?.ToDisplayString() == "Declarative.Dicom.EventReportResult":
                    statusArgument = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "status")?.Value;
                    replyArgument = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "reply" && !a.IsImplicit)?.Value;
                    break;
                case IInvocationOperation { TargetMethod.Name: "Success" } success when success.TargetMethod.ContainingType.ToDisplayString() == "Declarative.Dicom.EventReportResult":
                    replyArgument = success.Arguments.FirstOrDefault(a => !a.IsImplicit)?.Value;
                    return (0x0000, IsNull(replyArgument) ? null : replyArgument, value.Syntax);
                case var _ when !followBareStatus:
                    return (null, null, null);
                default:
                    // A bare status (DimseStatus member, ushort, constant): it carries no reply at all.
                    var bare = StatusValues.Of(value, compilation);
                    return bare is { Count: 1 } ? (bare[0].Code, null, returned.Syntax) : (null, null, null);
            }

            var codes = statusArgument is null ? null : StatusValues.Of(statusArgument, compilation);
            ushort? status = codes is { Count: 1 } ? codes[0].Code : null;
            return (status, IsNull(replyArgument) ? null : replyArgument, value.Syntax);
        }

        /// <summary>Whether the handler's return type can carry a reply (EventReportResult, or a task of it), so a stub can be added in place.</summary>
        private static bool CanCarryReply(ISymbol owner)
        {
            var type = (owner as IMethodSymbol)?.ReturnType as INamedTypeSymbol;
            if (type is { IsGenericType: true, Name: "Task" or "ValueTask" })
            {
                type = type.TypeArguments[0] as INamedTypeSymbol;
            }

            return type?.ToDisplayString() == "Declarative.Dicom.EventReportResult";
        }

        private static bool IsNull(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation is null || (operation.ConstantValue.HasValue && operation.ConstantValue.Value is null);
        }
    }
}
