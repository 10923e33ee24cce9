using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>
    /// One [EventReport(uid, eventType)] on a method. The values come from the attribute's metadata; where
    /// each argument is written is looked up only when a diagnostic needs it, since most handlers have none.
    /// </summary>
    internal sealed class EventReportBinding
    {
        private readonly AttributeData _attribute;

        private EventReportBinding(IMethodSymbol method, AttributeData attribute)
        {
            Method = method;
            _attribute = attribute;
            SopClassUid = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            EventTypeId = attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1].Value is ushort e ? e : (ushort?)null;
        }

        public IMethodSymbol Method { get; }

        public string? SopClassUid { get; }

        public ushort? EventTypeId { get; }

        public Location AttributeLocation => Syntax?.GetLocation() ?? Method.Locations[0];

        public Location UidLocation => Argument(0);

        public Location EventTypeLocation => Argument(1);

        public const string AttributeMetadataName = "Declarative.Dicom.EventReportAttribute";

        private AttributeSyntax? Syntax => _attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;

        public static List<EventReportBinding> Of(IMethodSymbol method, INamedTypeSymbol attributeType)
        {
            var bindings = new List<EventReportBinding>();
            foreach (var attribute in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    bindings.Add(new EventReportBinding(method, attribute));
                }
            }

            return bindings;
        }

        private Location Argument(int index)
        {
            var syntax = Syntax;
            return syntax?.ArgumentList?.Arguments is { } arguments && arguments.Count > index
                ? arguments[index].GetLocation()
                : AttributeLocation;
        }
    }
}
