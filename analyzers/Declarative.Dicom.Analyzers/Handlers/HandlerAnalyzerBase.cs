using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>Runs an analysis for each method that carries [EventReport], when the compilation references the runtime.</summary>
    public abstract class HandlerAnalyzerBase : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var attribute = start.Compilation.GetTypeByMetadataName(EventReportBinding.AttributeMetadataName);
                if (attribute is not null)
                {
                    Register(start, attribute);
                }
            });
        }

        private protected abstract void Register(CompilationStartAnalysisContext context, INamedTypeSymbol eventReportAttribute);

        /// <summary>The bindings of a method, or an empty list when it has none (the common case, checked first).</summary>
        private protected static List<EventReportBinding> BindingsOf(ISymbol symbol, INamedTypeSymbol attribute) =>
            symbol is IMethodSymbol method ? EventReportBinding.Of(method, attribute) : new List<EventReportBinding>();
    }
}
