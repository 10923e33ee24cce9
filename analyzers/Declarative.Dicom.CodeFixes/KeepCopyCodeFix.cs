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
    /// <summary>DCM1007: stores a copy instead of what the handler was lent, wrapping the expression in .Keep().</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepCopyCodeFix)), Shared]
    public sealed class KeepCopyCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1007");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            // A lambda's capture is not fixed here: .Keep() inside the lambda would run after the call, too late.
            if (!diagnostic.Properties.ContainsKey("WrapInKeep"))
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax lent)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Keep a copy: {lent}.Keep()", _ =>
                {
                    var receiver = lent is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                        ? lent.WithoutTrivia()
                        : SyntaxFactory.ParenthesizedExpression(lent.WithoutTrivia());
                    var kept = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("Keep")))
                        .WithTriviaFrom(lent);
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(lent, kept)));
                }, nameof(KeepCopyCodeFix)),
                diagnostic);
        }
    }
}
