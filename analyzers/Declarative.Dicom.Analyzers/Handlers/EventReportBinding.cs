using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>One [EventReport(uid, eventType)] on a method, with where each argument is written, for precise diagnostics.</summary>
    internal sealed class EventReportBinding
    {
        private EventReportBinding(IMethodSymbol method, string? sopClassUid, ushort? eventTypeId, Location attribute, Location uid, Location eventType)
        {
            Method = method;
            SopClassUid = sopClassUid;
            EventTypeId = eventTypeId;
            AttributeLocation = attribute;
            UidLocation = uid;
            EventTypeLocation = eventType;
        }

        public IMethodSymbol Method { get; }

        public string? SopClassUid { get; }

        public ushort? EventTypeId { get; }

        public Location AttributeLocation { get; }

        public Location UidLocation { get; }

        public Location EventTypeLocation { get; }

        public const string AttributeMetadataName = "Declarative.Dicom.EventReportAttribute";

        public static List<EventReportBinding> Of(IMethodSymbol method, INamedTypeSymbol attributeType)
        {
            var bindings = new List<EventReportBinding>();
            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType) || attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
                {
                    continue;
                }

                var arguments = syntax.ArgumentList?.Arguments;
                var uidLocation = arguments is { Count: > 0 } a0 ? a0[0].GetLocation() : syntax.GetLocation();
                var eventLocation = arguments is { Count: > 1 } a1 ? a1[1].GetLocation() : syntax.GetLocation();
                var uid = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
                var eventType = attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1].Value is ushort e ? e : (ushort?)null;
                bindings.Add(new EventReportBinding(method, uid, eventType, syntax.GetLocation(), uidLocation, eventLocation));
            }

            return bindings;
        }
    }
}
