using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.CodeFixes
{
    /// <summary>DCM1008: removes a [ConcurrentHandler] that changes nothing, keeping the method's documentation and other attributes.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveConcurrentHandlerCodeFix)), Shared]
    public sealed class RemoveConcurrentHandlerCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1008");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is not { Parent: AttributeListSyntax { Parent: MemberDeclarationSyntax member } list } attribute)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Remove [ConcurrentHandler]", _ =>
                    Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(member, Without(member, list, attribute)))),
                    nameof(RemoveConcurrentHandlerCodeFix)),
                diagnostic);
        }

        private static MemberDeclarationSyntax Without(MemberDeclarationSyntax member, AttributeListSyntax list, AttributeSyntax attribute)
        {
            if (list.Attributes.Count > 1)
            {
                return member.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
            }

            // The whole [ConcurrentHandler] line goes; if it came first, what preceded it (documentation, indentation) stays.
            var index = member.AttributeLists.IndexOf(list);
            var updated = member.WithAttributeLists(member.AttributeLists.RemoveAt(index));
            return index == 0 ? updated.WithLeadingTrivia(list.GetLeadingTrivia()) : updated;
        }
    }
}
