using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Analyzers.Handlers;
using Declarative.Dicom.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>DCM1001: a status a handler can return that its SOP class's service class does not allow for the message it answers.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DisallowedStatusAnalyzer : HandlerAnalyzerBase
    {
        /// <summary>Carried on the diagnostic for the code fix: the allowed codes, nearest first.</summary>
        public const string AllowedCodesProperty = "AllowedCodes";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.DisallowedStatus);

        private protected override void Register(CompilationStartAnalysisContext context, HandlerAttributeTypes attributes, HandlerCatalogue catalogue) =>
            RegisterHandlerBlocks(context, attributes, (block, bindings) =>
            {
                var tables = bindings
                    .Where(b => b.SopClassUid is not null)
                    .GroupBy(b => (Uid: b.SopClassUid!, b.Kind))
                    .Select(g => (g.Key.Uid, g.Key.Kind, Statuses: HandlerCatalogue.AllowedStatuses(g.First())))
                    .Where(t => t.Statuses.Length > 0)
                    .ToList();
                if (tables.Count == 0)
                {
                    return;
                }

                var values = block.OperationBlocks.SelectMany(HandlerReturns.ReturnedAndThrown)
                    .SelectMany(r => StatusValues.Of(r.Value, block.Compilation).Select(v => (Value: v, r.Thrown)));
                foreach (var (value, isThrown) in values)
                {
                    foreach (var (uid, kind, statuses) in tables)
                    {
                        if (statuses.Any(s => s.Covers(value.Code)))
                        {
                            continue;
                        }

                        var serviceClass = HandlerCatalogue.ServiceClassName(uid);
                        var allowed = string.Join(", ", statuses.Select(s => s.ToString()));
                        // A DimseStatusException takes only a failure or Cancel: the fix must not offer Success in its place.
                        var candidates = statuses.Select(s => s.Code).Where(c => !isThrown || DimseStatusCategories.Of(c) is DimseStatusCategory.Failure or DimseStatusCategory.Cancel);
                        var nearest = string.Join(",", candidates.OrderBy(c => Distance(c, value.Code)).Select(c => c.ToString("X4")));
                        var properties = ImmutableDictionary<string, string?>.Empty.Add(AllowedCodesProperty, nearest);
                        block.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DisallowedStatus, value.Node.GetLocation(), properties,
                            value.Code, kind.Display, serviceClass, allowed));
                        break;
                    }
                }
            });

        /// <summary>Same category first, then by numeric closeness: 0xA700 suggests the failures before Success.</summary>
        private static int Distance(ushort candidate, ushort wanted)
        {
            var sameCategory = DimseStatusCategories.Of(candidate) == DimseStatusCategories.Of(wanted) ? 0 : 0x10000;
            return sameCategory + System.Math.Abs(candidate - wanted);
        }
    }
}
