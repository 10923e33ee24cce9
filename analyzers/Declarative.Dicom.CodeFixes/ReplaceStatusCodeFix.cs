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
    /// <summary>DCM1001: replaces a disallowed status with an allowed one, nearest first (same category, then closest code).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceStatusCodeFix)), Shared]
    public sealed class ReplaceStatusCodeFix : CodeFixProvider
    {
        private const int Choices = 4;

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("DCM1001");

        public override FixAllProvider? GetFixAllProvider() => null; // each replacement is a choice

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics.First();
            if (!diagnostic.Properties.TryGetValue(DisallowedStatusAnalyzer.AllowedCodesProperty, out var codes) || codes is null)
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression || model is null)
            {
                return;
            }

            var type = model.GetTypeInfo(expression, context.CancellationToken).Type;
            foreach (var code in codes.Split(',').Take(Choices).Select(c => ushort.Parse(c, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)))
            {
                var replacement = Replacement(code, type, model);
                var meaning = Meaning(code);
                context.RegisterCodeFix(
                    CodeAction.Create($"Return 0x{code:X4}{meaning} instead", _ =>
                        Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(expression, replacement.WithTriviaFrom(expression)))),
                        $"{nameof(ReplaceStatusCodeFix)}.{code:X4}"),
                    diagnostic);
            }
        }

        /// <summary>A named DimseStatus member where one has the code, else a literal of the expression's own type.</summary>
        private static ExpressionSyntax Replacement(ushort code, ITypeSymbol? type, SemanticModel model)
        {
            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal($"0x{code:X4}", code));
            if (type?.ToDisplayString() != "Declarative.Dicom.DimseStatus")
            {
                return literal;
            }

            var member = ((INamedTypeSymbol)type).GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => p.IsStatic && p.GetAttributes().Any(a =>
                a.AttributeClass?.Name == "DimseStatusCodeAttribute" && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is ushort c && c == code));
            return member is null
                ? SyntaxFactory.ParseExpression($"new global::Declarative.Dicom.DimseStatus(0x{code:X4})")
                : SyntaxFactory.ParseExpression($"DimseStatus.{member.Name}");
        }

        private static string Meaning(ushort code)
        {
            foreach (var serviceClass in Catalogue.ServiceClassCatalogue.ServiceClasses)
            {
                foreach (var statuses in serviceClass.Statuses.Values)
                {
                    var status = statuses.FirstOrDefault(s => s.Code == code);
                    if (status is not null)
                    {
                        return $" ({status.Meaning})";
                    }
                }
            }

            return string.Empty;
        }
    }
}
