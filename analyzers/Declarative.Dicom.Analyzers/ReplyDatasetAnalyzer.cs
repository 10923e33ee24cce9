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
    /// DCM1002: EventReportResult and DimseResult constructions that disagree with what the response may carry (an
    /// Event or Action Reply, an N-CREATE/N-SET/N-GET attribute list, nothing for C-ECHO, C-STORE and N-DELETE): a reply
    /// with a failure status (dropped), a reply where none is defined (dropped), Success without a reply
    /// that has required attributes.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReplyDatasetAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(DiagnosticDescriptors.ReplyDataset);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            RegisterHandlerBlocks(context, attributes, (block, bindings) =>
            {
                var expectations = bindings.Select(b => Expect(b, catalogue)).Where(e => e is not null).Select(e => e!.Value).ToList();
                if (expectations.Count == 0)
                {
                    return;
                }

                // Bare statuses matter only where a reply is required: follow them only then (the common case is none).
                var replyRequired = expectations.Any(e => e.ListRequired || (e.Reply is { } r && r.Any(a => a.IsRequired)));
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

                    foreach (var expectation in expectations)
                    {
                        if (reply is not null && !expectation.DatasetDefined)
                        {
                            block.ReportDiagnostic(Warning(reply.Syntax.GetLocation(), expectation.NotDefinedMessage));
                            break;
                        }

                        if (reply is null && status is { } listed && DimseStatusCategories.AllowsReply(listed) && expectation.ListRequired)
                        {
                            block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReplyDataset, node.GetLocation(), Messages.MissingAttributeList(expectation.Name)));
                            break;
                        }

                        if (reply is null && status is { } s && DimseStatusCategories.AllowsReply(s) && expectation.Reply is { } defined && defined.Any(a => a.IsRequired))
                        {
                            block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReplyDataset, node.GetLocation(),
                                ReplyStub.Describe(defined, CanCarryReply(block.OwningSymbol)), Messages.MissingReply(expectation.Name, expectation.IsAction)));
                            break;
                        }
                    }
                }
            });

        /// <summary>What a binding's response may carry: an event's or action's reply, an attribute list, or nothing.</summary>
        /// <param name="ListRequired">N-GET: the response to Success or Warning carries the Attribute List (PS3.7 10.1.2, "C").</param>
        private readonly record struct Expectation(string Name, bool DatasetDefined, AttributeInfo[]? Reply, string NotDefinedMessage, bool IsAction = false, bool ListRequired = false);

        private static Expectation? Expect(DeclaredBinding binding, HandlerCatalogue catalogue)
        {
            switch (binding.Kind.Service)
            {
                case DimseService.NEventReport:
                case DimseService.NAction:
                    // An event or action the catalogue does not describe: nothing to judge against.
                    return catalogue.FindOperation(binding) is { } operation
                        ? new Expectation(operation.Name, operation.Reply is not null, operation.Reply, Messages.ReplyNotDefined(operation.Name, binding.Kind.Service == DimseService.NAction), binding.Kind.Service == DimseService.NAction)
                        : (Expectation?)null;
                case DimseService.NGet:
                    return new Expectation(binding.Kind.Display, true, null, string.Empty, ListRequired: true);
                case DimseService.NCreate:
                case DimseService.NSet:
                    // Their responses may carry an Attribute List (PS3.7: "U"), and need not.
                    return new Expectation(binding.Kind.Display, true, null, string.Empty);
                default:
                    return new Expectation(binding.Kind.Display, false, null, Messages.NoResponseDataset(binding.Kind.Display));
            }
        }

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
                case IObjectCreationOperation creation when IsResult(creation.Type):
                    statusArgument = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "status")?.Value;
                    replyArgument = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "reply" or "dataset" && !a.IsImplicit)?.Value;
                    break;
                case IInvocationOperation { TargetMethod.Name: "Created" } created when IsResult(created.TargetMethod.ContainingType):
                    replyArgument = created.Arguments.FirstOrDefault(a => a.Parameter?.Name == "attributeList" && !a.IsImplicit)?.Value;
                    return (0x0000, IsNull(replyArgument) ? null : replyArgument, value.Syntax);
                case IInvocationOperation { TargetMethod.Name: "Success" } success when IsResult(success.TargetMethod.ContainingType):
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

        /// <summary>Whether the handler's return type can carry a reply (EventReportResult or DimseResult, or a task of it), so a stub can be added in place.</summary>
        private static bool CanCarryReply(ISymbol owner)
        {
            var type = (owner as IMethodSymbol)?.ReturnType as INamedTypeSymbol;
            if (type is { IsGenericType: true, Name: "Task" or "ValueTask" })
            {
                type = type.TypeArguments[0] as INamedTypeSymbol;
            }

            return IsResult(type);
        }

        private static bool IsResult(ITypeSymbol? type) =>
            type?.ToDisplayString() is "Declarative.Dicom.EventReportResult" or "Declarative.Dicom.DimseResult";

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
