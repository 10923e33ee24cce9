using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Declarative.Dicom.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>DCM1004: a malformed UID, a SOP class the standard does not define (warning), an event or action type its SOP class does not define.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnknownEventAnalyzer : HandlerAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.UnknownEvent);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            context.RegisterSymbolAction(symbol =>
            {
                foreach (var binding in BindingsOf(symbol.Symbol, attributes))
                {
                    if (!binding.NamesSopClass)
                    {
                        continue;
                    }

                    if (binding.SopClassUid is not { } uid || !IsValidUid(uid))
                    {
                        symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownEvent, binding.UidLocation, Messages.MalformedUid(binding.SopClassUid ?? "null")));
                        continue;
                    }

                    if (!catalogue.IsKnown(uid, out var keyword))
                    {
                        symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownEvent, binding.UidLocation, DiagnosticSeverity.Warning, null, null, Messages.UnknownSopClass(uid)));
                        continue;
                    }

                    var sop = catalogue.FindSopClass(uid);
                    if (binding.TypeId is { } typeId && catalogue.FindOperation(binding) is null)
                    {
                        var defined = binding.Kind.Service == DimseService.NEventReport ? sop?.EventTypes : sop?.ActionTypes;
                        var known = defined is null ? string.Empty : string.Join(", ", defined.Select(e => $"{e.Id} ({e.Name})"));
                        symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownEvent, binding.TypeIdLocation, Messages.UnknownOperationType(keyword, binding.Kind.TypeIdName, typeId, known)));
                    }
                }
            }, SymbolKind.Method);

        /// <summary>PS3.5 section 9.1: components of digits without leading zeros, separated by dots, 64 characters at most.</summary>
        private static bool IsValidUid(string uid)
        {
            if (uid.Length == 0 || uid.Length > 64)
            {
                return false;
            }

            foreach (var component in uid.Split('.'))
            {
                if (component.Length == 0 || (component.Length > 1 && component[0] == '0') || component.Any(c => c < '0' || c > '9'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
