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
using Microsoft.CodeAnalysis.Simplification;

namespace Declarative.Dicom.CodeFixes
{
    /// <summary>DCM1005: gives a parameter the type the dispatch can supply: the event's typed accessor, or NEventReportRequest.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTypedAccessorCodeFix)), Shared]
    public sealed class UseTypedAccessorCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1005");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            if (!diagnostic.Properties.TryGetValue(HandlerShapeAnalyzer.FixProperty, out var fix) || fix != "accessor"
                || !diagnostic.Properties.TryGetValue(HandlerShapeAnalyzer.AccessorProperty, out var accessor) || accessor is null)
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ParameterSyntax { Type: { } type } parameter)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Take {accessor} instead", _ =>
                {
                    var replacement = SyntaxFactory.ParseTypeName("global::Declarative.Dicom." + accessor)
                        .WithTriviaFrom(type)
                        .WithAdditionalAnnotations(Simplifier.Annotation);
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(type, replacement)));
                }, nameof(UseTypedAccessorCodeFix)),
                diagnostic);
        }
    }
}
