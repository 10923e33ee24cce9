using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Declarative.Dicom.Analyzers.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.CodeFixes
{
    /// <summary>
    /// DCM1002 (the error): a Success or Warning without the Event Reply its event type requires. Adds a reply
    /// dataset that sets every Type 1 attribute, each with an empty value marked TODO, so the shape is right and
    /// the values are plainly the user's to fill.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddReplyStubCodeFix)), Shared]
    public sealed class AddReplyStubCodeFix : CodeFixProvider
    {
        private const string DataNamespace = "Declarative.Dicom.Data";
        private const string Result = "EventReportResult";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1002");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            if (diagnostic.Severity != DiagnosticSeverity.Error || !diagnostic.Properties.TryGetValue(ReplyStub.AttributesKey, out var attributes) || attributes is null)
            {
                return; // the warnings are about replies that exist; a handler returning DimseStatus cannot carry one
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax returned)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Return an Event Reply with its required attributes", async cancellationToken =>
                {
                    var model = await context.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    var stub = SyntaxFactory.ParseExpression(StubText(attributes, IndentOf(returned)));
                    var replaced = WithReply(returned, stub, model).WithTriviaFrom(returned);
                    return context.Document.WithSyntaxRoot(WithDataUsing(root.ReplaceNode(returned, replaced)));
                }, nameof(AddReplyStubCodeFix)),
                diagnostic);
        }

        /// <summary>
        /// Puts the reply into an EventReportResult built in place (Success(), or the constructor's reply argument,
        /// null or absent); wraps anything else, a bare status, into a new EventReportResult.
        /// </summary>
        private static ExpressionSyntax WithReply(ExpressionSyntax returned, ExpressionSyntax reply, SemanticModel? model)
        {
            var argument = SyntaxFactory.Argument(reply);
            var isResult = model?.GetTypeInfo(returned).Type?.Name == Result;
            switch (returned)
            {
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Success" } } success when isResult:
                    return success.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument)));
                case BaseObjectCreationExpressionSyntax { ArgumentList: { } list } creation when isResult:
                    var index = IndexOfReply(list);
                    return creation.WithArgumentList(index < 0
                        ? list.AddArguments(argument)
                        : list.WithArguments(list.Arguments.Replace(list.Arguments[index], argument.WithNameColon(list.Arguments[index].NameColon))));
                default:
                    return SyntaxFactory.ObjectCreationExpression(SyntaxFactory.IdentifierName(Result))
                        .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(returned.WithoutTrivia()), argument })));
            }
        }

        /// <summary>Where the constructor's reply argument is: named "reply", or the second positional one; -1 when absent.</summary>
        private static int IndexOfReply(ArgumentListSyntax list)
        {
            for (var i = 0; i < list.Arguments.Count; i++)
            {
                if (list.Arguments[i].NameColon?.Name.Identifier.ValueText == "reply")
                {
                    return i;
                }
            }

            return list.Arguments.Count >= 2 && list.Arguments[1].NameColon is null ? 1 : -1;
        }

        /// <summary>The stub names DicomDataset, DicomTag and DicomVR plainly; the file gets their using if it lacks it.</summary>
        private static SyntaxNode WithDataUsing(SyntaxNode root)
        {
            if (root is not CompilationUnitSyntax unit || unit.Usings.Any(u => u.Name?.ToString() == DataNamespace))
            {
                return root;
            }

            // The new line ends like the file's last using, so the layout around it stays the user's.
            var lineEnd = unit.Usings.Count > 0 ? unit.Usings.Last().GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed);
            return unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(DataNamespace)).NormalizeWhitespace().WithTrailingTrivia(lineEnd));
        }

        /// <summary>new DicomDataset() followed by one Set per required attribute, one per line.</summary>
        private static string StubText(string attributes, string indent)
        {
            var text = new StringBuilder($"new DicomDataset()");
            foreach (var line in attributes.Split(new[] { '\n' }, System.StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                var tag = $"new DicomTag(0x{parts[0].Substring(0, 4)}, 0x{parts[0].Substring(4)})";
                var vr = $"DicomVR.{parts[1]}";
                text.Append('\n').Append(indent).Append("    .").Append(Setter(tag, vr, parts[1])).Append(" /* TODO: ").Append(parts[2]).Append(" */");
            }

            return text.ToString();
        }

        private static string Setter(string tag, string vr, string code) => code switch
        {
            "SQ" => $"SetSequence({tag}, new DicomDataset())",
            "US" => $"Set({tag}, {vr}, (ushort)0)",
            "SS" => $"Set({tag}, {vr}, (short)0)",
            "UL" => $"Set({tag}, {vr}, 0u)",
            "SL" => $"Set({tag}, {vr}, 0)",
            "UV" => $"Set({tag}, {vr}, 0ul)",
            "SV" => $"Set({tag}, {vr}, 0L)",
            "FL" => $"Set({tag}, {vr}, 0f)",
            "FD" => $"Set({tag}, {vr}, 0d)",
            "AT" or "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "UN" => $"SetBytes({tag}, {vr}, global::System.ReadOnlyMemory<byte>.Empty)",
            _ => $"Set({tag}, {vr}, \"\")",
        };

        /// <summary>The indentation of the line the returned expression starts on, so the chained calls line up under it.</summary>
        private static string IndentOf(SyntaxNode node)
        {
            var line = node.SyntaxTree.GetText().Lines.GetLineFromPosition(node.SpanStart).ToString();
            return line.Substring(0, line.Length - line.TrimStart().Length);
        }
    }
}
