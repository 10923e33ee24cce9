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
    /// <summary>DCM1005: adds 'partial' to the class that holds a handler.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeClassPartialCodeFix)), Shared]
    public sealed class MakeClassPartialCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1005");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            if (!diagnostic.Properties.TryGetValue(Analyzers.HandlerShapeAnalyzer.FixProperty, out var fix) || fix != "partial")
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not TypeDeclarationSyntax declaration)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Make '{declaration.Identifier.Text}' partial", _ =>
                {
                    var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
                    var updated = declaration.WithModifiers(declaration.Modifiers.Add(partial));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, updated)));
                }, nameof(MakeClassPartialCodeFix)),
                diagnostic);
        }
    }
}
