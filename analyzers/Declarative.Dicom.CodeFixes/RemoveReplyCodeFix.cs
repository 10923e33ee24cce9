using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.CodeFixes
{
    /// <summary>DCM1002 (the warnings): removes a reply dataset that would be dropped on the wire, leaving null in its place.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveReplyCodeFix)), Shared]
    public sealed class RemoveReplyCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1002");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            if (diagnostic.Severity != DiagnosticSeverity.Warning)
            {
                return; // the error form asks for a reply; removing one cannot fix it
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax reply)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Remove the reply dataset (it would be dropped)", _ =>
                {
                    var nothing = SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(reply);
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(reply, nothing)));
                }, nameof(RemoveReplyCodeFix)),
                diagnostic);
        }
    }
}
