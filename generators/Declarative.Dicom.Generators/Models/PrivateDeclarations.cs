using System.Collections.Generic;
using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Declarative.Dicom.Generators.Models
{
    internal sealed record PrivateAttribute(uint Tag, string Keyword, string VR, string ValueMultiplicity, string Requirement);

    /// <summary>A private event type; <see cref="Reply"/> is empty where it defines no Event Reply.</summary>
    internal sealed record PrivateEvent(ushort Id, string AccessorName, string Name, EquatableArray<PrivateAttribute> Information, EquatableArray<PrivateAttribute> Reply);

    internal sealed record PrivateSopClass(string Uid, string Keyword, EquatableArray<PrivateEvent> Events);

    /// <summary>
    /// The private SOP classes an assembly declares with [assembly: PrivateSopClass] and friends, as an
    /// equatable model (the generator caches on it) that turns into catalogue entries. The analyzers read
    /// the same declarations with the same code.
    /// </summary>
    internal static class PrivateDeclarations
    {
        public static EquatableArray<PrivateSopClass> Read(IAssemblySymbol assembly)
        {
            var attributes = assembly.GetAttributes();
            string? Name(AttributeData a) => a.AttributeClass?.ToDisplayString();

            var information = AttributesOf(attributes, "Declarative.Dicom.PrivateEventInformationAttribute");
            var reply = AttributesOf(attributes, "Declarative.Dicom.PrivateEventReplyAttribute");
            EquatableArray<PrivateAttribute> Of(List<(string Uid, ushort Event, PrivateAttribute Attribute)> declared, string uid, ushort id) =>
                declared.Where(i => i.Uid == uid && i.Event == id).Select(i => i.Attribute).ToEquatableArray();
            var events = attributes
                .Where(a => Name(a) == "Declarative.Dicom.PrivateEventTypeAttribute" && Arg(a, 0) is string && Arg(a, 1) is ushort && Arg(a, 2) is string)
                .Select(a => (Uid: (string)Arg(a, 0)!, Event: new PrivateEvent((ushort)Arg(a, 1)!, (string)Arg(a, 2)!, Named(a, "Name") ?? (string)Arg(a, 2)!,
                    Of(information, (string)Arg(a, 0)!, (ushort)Arg(a, 1)!), Of(reply, (string)Arg(a, 0)!, (ushort)Arg(a, 1)!))))
                .ToList();
            return attributes
                .Where(a => Name(a) == "Declarative.Dicom.PrivateSopClassAttribute" && Arg(a, 0) is string && Arg(a, 1) is string)
                .Select(a => new PrivateSopClass((string)Arg(a, 0)!, (string)Arg(a, 1)!, events.Where(e => e.Uid == (string)Arg(a, 0)!).Select(e => e.Event).ToEquatableArray()))
                .ToEquatableArray();
        }

        /// <summary>The [assembly: PrivateEventInformation] or [assembly: PrivateEventReply] attributes, which share one shape.</summary>
        private static List<(string Uid, ushort Event, PrivateAttribute Attribute)> AttributesOf(System.Collections.Immutable.ImmutableArray<AttributeData> attributes, string name) =>
            attributes
                .Where(a => a.AttributeClass?.ToDisplayString() == name && Arg(a, 0) is string && Arg(a, 1) is ushort && Arg(a, 2) is uint)
                .Select(a => ((string)Arg(a, 0)!, (ushort)Arg(a, 1)!, new PrivateAttribute(
                    (uint)Arg(a, 2)!, Arg(a, 3) as string ?? "Unnamed", Arg(a, 4) as string ?? "UN", Named(a, "ValueMultiplicity") ?? "1", Named(a, "Requirement") ?? "3")))
                .ToList();

        private static object? Arg(AttributeData a, int i) => a.ConstructorArguments.Length > i ? a.ConstructorArguments[i].Value : null;

        private static string? Named(AttributeData a, string name) => a.NamedArguments.FirstOrDefault(n => n.Key == name).Value.Value as string;

        public static SopClassInfo ToCatalogue(PrivateSopClass sop) =>
            new(sop.Uid, sop.Keyword, "private", System.Array.Empty<string>(),
                sop.Events.Select(e => new OperationTypeInfo(e.Id, e.Name, e.AccessorName,
                    ToCatalogue(e.Information), e.Reply.Length == 0 ? null : ToCatalogue(e.Reply))).ToArray(),
                System.Array.Empty<OperationTypeInfo>());

        private static AttributeInfo[] ToCatalogue(EquatableArray<PrivateAttribute> attributes) =>
            attributes.Select(i => new AttributeInfo(i.Tag, i.Keyword, i.VR, i.ValueMultiplicity, i.Requirement, System.Array.Empty<AttributeInfo>())).ToArray();

        /// <summary>The SOP class from the standard's catalogue, or else from the assembly's own declarations.</summary>
        public static SopClassInfo? Find(string uid, IEnumerable<PrivateSopClass> declared)
        {
            var standard = ServiceClassCatalogue.FindSopClass(uid);
            if (standard is not null)
            {
                return standard;
            }

            var own = declared.FirstOrDefault(s => s.Uid == uid);
            return own is null ? null : ToCatalogue(own);
        }
    }
}
