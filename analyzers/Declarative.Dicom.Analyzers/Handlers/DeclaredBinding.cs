using System.Collections.Generic;
using Declarative.Dicom.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>
    /// One handler attribute on a method ([EventReport(uid, eventType)], [NAction(uid, actionType)], [NSet(uid)], …).
    /// The values come from the attribute's metadata; where each argument is written is looked up only when a
    /// diagnostic needs it, since most handlers have none.
    /// </summary>
    internal sealed class DeclaredBinding
    {
        private readonly AttributeData _attribute;

        private DeclaredBinding(IMethodSymbol method, HandlerKind kind, AttributeData attribute)
        {
            Method = method;
            Kind = kind;
            _attribute = attribute;
            var bound = HandlerKinds.Bind(kind, attribute);
            SopClassUid = bound?.SopClassUid ?? (attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null);
            TypeId = kind.HasTypeId && bound is { } b ? b.TypeId : (ushort?)null;
        }

        public IMethodSymbol Method { get; }

        public HandlerKind Kind { get; }

        /// <summary>The SOP class; empty for [CStore] without one (every storage SOP class); null when not a constant.</summary>
        public string? SopClassUid { get; }

        /// <summary>The event or action type of [EventReport] and [NAction]; null for the other kinds.</summary>
        public ushort? TypeId { get; }

        /// <summary>True for a binding whose SOP class the user wrote (not C-ECHO's implied one, not "every storage SOP class").</summary>
        public bool NamesSopClass => Kind.Service != Catalogue.DimseService.CEcho && SopClassUid != HandlerKinds.EveryStorageSopClass;

        public Location AttributeLocation => Syntax?.GetLocation() ?? Method.Locations[0];

        public Location UidLocation => Argument(0);

        public Location TypeIdLocation => Argument(1);

        private AttributeSyntax? Syntax => _attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;

        /// <summary>
        /// The method's bindings, read once per compilation and shared by every analyzer (<see cref="CompilationBindings"/>):
        /// treat the list as read-only.
        /// </summary>
        public static List<DeclaredBinding> Of(IMethodSymbol method, HandlerAttributeTypes types) => CompilationBindings.Of(method, types);

        /// <summary>Reads the method's handler attributes; <see cref="Of"/> caches what this returns.</summary>
        internal static List<DeclaredBinding> Read(IMethodSymbol method, HandlerAttributeTypes types)
        {
            var bindings = new List<DeclaredBinding>();
            foreach (var attribute in method.GetAttributes())
            {
                if (types.KindOf(attribute.AttributeClass) is { } kind)
                {
                    bindings.Add(new DeclaredBinding(method, kind, attribute));
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

    /// <summary>The handler attribute types of the runtime the compilation references, resolved once per compilation.</summary>
    public sealed class HandlerAttributeTypes
    {
        private readonly (INamedTypeSymbol Type, HandlerKind Kind)[] _types;

        private HandlerAttributeTypes((INamedTypeSymbol, HandlerKind)[] types) => _types = types;

        /// <summary>The types the compilation has, or null when it does not reference the runtime.</summary>
        public static HandlerAttributeTypes? Resolve(Compilation compilation)
        {
            var found = new List<(INamedTypeSymbol, HandlerKind)>();
            foreach (var kind in HandlerKinds.All)
            {
                if (compilation.GetTypeByMetadataName(kind.AttributeMetadataName) is { } type)
                {
                    found.Add((type, kind));
                }
            }

            return found.Count == 0 ? null : new HandlerAttributeTypes(found.ToArray());
        }

        internal HandlerKind? KindOf(INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null)
            {
                return null;
            }

            foreach (var (type, kind) in _types)
            {
                if (SymbolEqualityComparer.Default.Equals(type, attributeClass))
                {
                    return kind;
                }
            }

            return null;
        }

        /// <summary>Whether the method carries any handler attribute (the cheap question asked of every method).</summary>
        public bool IsHandler(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (KindOf(attribute.AttributeClass) is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
