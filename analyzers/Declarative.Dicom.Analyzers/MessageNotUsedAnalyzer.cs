using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Declarative.Dicom.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>
    /// DCM1009: a handler of a DIMSE message its SOP class does not use (PS3.4), where the catalogue states the class's messages,
    /// naming the SOP class of the same service class that does use it, where there is one.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MessageNotUsedAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MessageNotUsed);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            context.RegisterSymbolAction(symbol =>
            {
                foreach (var binding in BindingsOf(symbol.Symbol, attributes))
                {
                    if (!binding.NamesSopClass || binding.SopClassUid is not { } uid || catalogue.FindSopClass(uid) is not { Messages.Length: > 0 } sop
                        || sop.Messages.Contains(binding.Kind.Service))
                    {
                        continue;
                    }

                    var message = binding.Kind.Display;
                    var uses = string.Join(", ", sop.Messages.Select(m => m.ToDisplayName()));
                    var other = ServiceClassCatalogue.SopClasses.FirstOrDefault(s => s.ServiceClass == sop.ServiceClass && s.Messages.Contains(binding.Kind.Service));
                    var instead = other is null ? string.Empty : $"; {message} is the {other.Keyword} SOP Class's ({other.Uid}): use SopClass.{other.Keyword}";
                    symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MessageNotUsed, binding.UidLocation,
                        $"The {sop.Keyword} SOP Class does not use {message} (PS3.4: {uses}){instead}"));
                }
            }, SymbolKind.Method);
    }
}
