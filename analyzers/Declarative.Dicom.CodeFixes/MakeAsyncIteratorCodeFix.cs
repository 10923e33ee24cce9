using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Declarative.Dicom.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.CodeFixes
{
    /// <summary>
    /// DCM1005: a [CFind], [CMove] or [CGet] handler written as an IEnumerable iterator becomes an async iterator: the return
    /// type is IAsyncEnumerable of the same element, the method async, what it yields untouched. An iterator with no await
    /// gets <c>await Task.Yield();</c> first (an async method without one is CS1998), which also lets the association read
    /// a C-CANCEL before the first match is produced.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeAsyncIteratorCodeFix)), Shared]
    public sealed class MakeAsyncIteratorCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1005");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            if (!diagnostic.Properties.TryGetValue(HandlerShapeAnalyzer.FixProperty, out var fix) || fix != "async-iterator")
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Body: { } body } method
                || method.ReturnType is not GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } returnType)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Stream asynchronously: return IAsyncEnumerable", _ =>
                {
                    var asyncType = returnType.WithIdentifier(SyntaxFactory.Identifier("IAsyncEnumerable").WithTriviaFrom(returnType.Identifier));
                    var updatedBody = HasAwait(body) ? body : body.WithStatements(body.Statements.Insert(0, YieldFirst(body)));
                    var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
                    if (method.Modifiers.Count == 0)
                    {
                        // The method's indentation sits on its return type: it moves to the new first token.
                        asyncKeyword = asyncKeyword.WithLeadingTrivia(asyncType.GetLeadingTrivia());
                        asyncType = asyncType.WithoutLeadingTrivia();
                    }

                    var updated = method
                        .WithBody(updatedBody)
                        .WithReturnType(asyncType)
                        .WithModifiers(method.Modifiers.Add(asyncKeyword));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, updated)));
                }, nameof(MakeAsyncIteratorCodeFix)),
                diagnostic);
        }

        private static bool HasAwait(BlockSyntax body) =>
            body.DescendantNodes(n => n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
                .Any(n => n is AwaitExpressionSyntax || (n is ForEachStatementSyntax forEach && forEach.AwaitKeyword != default));

        private static StatementSyntax YieldFirst(BlockSyntax body)
        {
            var statement = SyntaxFactory.ParseStatement("await System.Threading.Tasks.Task.Yield();");
            return body.Statements.Count > 0 ? statement.WithTriviaFrom(body.Statements[0]) : statement;
        }
    }
}
