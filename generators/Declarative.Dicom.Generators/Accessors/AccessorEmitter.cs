using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;

namespace Declarative.Dicom.Generators.Accessors
{
    /// <summary>
    /// One accessor class per event or action type: a property per attribute, named by keyword and typed
    /// by VR; sequences as lists of nested item accessors; a table of Type 1 attributes for validation.
    /// </summary>
    internal static class AccessorEmitter
    {
        /// <param name="service">What the dataset belongs to: N-EVENT-REPORT (Event Information), N-ACTION (Action
        /// Information), N-CREATE (Attribute List) or N-SET (Modification List).</param>
        public static string Emit(SopClassInfo sop, OperationTypeInfo operation, DimseService service)
        {
            var what = service switch
            {
                DimseService.NEventReport => "Event Information",
                DimseService.NAction => "Action Information",
                _ => operation.Name,
            };
            var w = new CodeWriter();
            w.Line(GeneratedCode.Header);
            w.Open("namespace Declarative.Dicom");
            var of = service switch
            {
                DimseService.NEventReport => $"\"{operation.Name}\" (event type {operation.Id} of {sop.Keyword}, PS3.4)",
                DimseService.NAction => $"\"{operation.Name}\" (action type {operation.Id} of {sop.Keyword}, PS3.4)",
                _ => $"{service.ToDisplayName()} of {sop.Keyword} (PS3.4)",
            };
            w.Line($"/// <summary>{what} of {of}.</summary>");
            w.Line(GeneratedCode.Attribute);
            EmitClass(w, operation.AccessorName, $"{operation.Name} ({what})", operation.Information, top: true, sop, operation, service);
            w.Close();
            return w.ToString();
        }

        private static void EmitClass(CodeWriter w, string name, string description, AttributeInfo[] attributes, bool top, SopClassInfo sop, OperationTypeInfo operation, DimseService service)
        {
            w.Open($"public sealed partial class {name} : global::Declarative.Dicom.DatasetAccessor");
            if (top)
            {
                w.Line($"public const string SopClassUid = {GeneratedCode.Literal(sop.Uid)};");
                if (service is DimseService.NEventReport or DimseService.NAction)
                {
                    w.Line($"public const ushort {(service == DimseService.NEventReport ? "EventTypeId" : "ActionTypeId")} = {operation.Id};");
                }

                w.Line();
            }

            w.Line($"public {name}(global::Declarative.Dicom.Data.DicomDataset dataset) : base(dataset) {{ }}");
            w.Line();
            w.Line($"protected override string Description => {GeneratedCode.Literal(description)};");
            w.Line();
            w.Line("/// <summary>A copy over its own dataset, valid after the handler returns (what a handler receives is lent to it for the call).</summary>");
            w.Line($"public {name} Keep() => new {name}(Dataset.Keep());");
            w.Line();
            AccessorBuilderEmitter.EmitCreate(w, name, attributes);
            if (top)
            {
                AccessorBuilderEmitter.EmitToRequest(w, service, sop);
            }

            foreach (var attribute in attributes)
            {
                EmitProperty(w, attribute);
            }

            w.Line("/// <summary>The first Type 1 attribute that is absent or empty (searched into items), or null when all are there.</summary>");
            w.Line("public static string? FindMissingAttribute(global::Declarative.Dicom.Data.DicomDataset? dataset) => FindMissing(dataset, s_attributes);");
            w.Line();
            w.Line("/// <summary>As FindMissingAttribute, telling an absent attribute from an empty one.</summary>");
            w.Line("public static global::Declarative.Dicom.MissingRequiredAttribute? CheckRequired(global::Declarative.Dicom.Data.DicomDataset? dataset) => FindMissingDetail(dataset, s_attributes);");
            w.Line();
            if (top && service == DimseService.NSet && sop.Create is { } create)
            {
                // What N-CREATE sets and N-SET does not list is "Not allowed" in N-SET (PS3.4 Table F.7.2-1).
                var settable = new System.Collections.Generic.HashSet<uint>(attributes.Select(a => a.Tag));
                var notAllowed = create.Information.Where(a => !settable.Contains(a.Tag)).Select(a => $"0x{a.Tag:X8}");
                w.Line("/// <summary>The attributes of the dataset that N-SET may not change, or null when it has none.</summary>");
                w.Line("public static global::Declarative.Dicom.Data.DicomTag[]? FindNotAllowed(global::Declarative.Dicom.Data.DicomDataset? dataset) => FindListed(dataset, s_notAllowed);");
                w.Line();
                w.Line($"private static readonly uint[] s_notAllowed = new uint[] {{ {string.Join(", ", notAllowed)} }};");
                w.Line();
            }

            w.Line($"private static readonly RequiredAttribute[] s_attributes = {Table(attributes)};");
            foreach (var sequence in attributes.Where(a => a.VR == "SQ"))
            {
                w.Line();
                w.Line($"/// <summary>An item of {sequence.Keyword} {sequence.TagText}.</summary>");
                EmitClass(w, sequence.Keyword + "Item", $"{sequence.Keyword} item of {description}", sequence.Items, top: false, sop, operation, service);
            }

            w.Close();
        }

        private static void EmitProperty(CodeWriter w, AttributeInfo a)
        {
            var required = a.IsRequired;
            var multi = a.ValueMultiplicity != "1";
            var tag = $"0x{a.Tag:X8}";
            w.Line($"/// <summary>{a.TagText} {a.Keyword}, {a.VR}, Type {a.Requirement}.</summary>");
            if (a.VR == "SQ")
            {
                var item = a.Keyword + "Item";
                w.Line($"public global::Declarative.Dicom.DicomItemList<{item}> {a.Keyword} => Items({tag}, static d => new {item}(d), required: {(required ? "true" : "false")});");
            }
            else if (ClrType(a.VR) is not { } clr)
            {
                w.Line($"public string{(required ? string.Empty : "?")} {a.Keyword} => {(required ? "Required" : "Optional")}String({tag});");
            }
            else if (multi)
            {
                w.Line($"public {clr}[] {a.Keyword} => Values<{clr}>({tag});");
            }
            else if (clr == "string")
            {
                w.Line($"public string{(required ? string.Empty : "?")} {a.Keyword} => {(required ? "Required" : "Optional")}String({tag});");
            }
            else
            {
                w.Line($"public {clr}{(required ? string.Empty : "?")} {a.Keyword} => {(required ? "Required" : "Optional")}Value<{clr}>({tag});");
            }

            w.Line();
        }

        /// <summary>The .NET type of a VR's values; null for the byte-stream VRs, which read as text here (none is in the catalogue).</summary>
        internal static string? ClrType(string vr) => vr switch
        {
            "US" => "ushort",
            "SS" => "short",
            "UL" => "uint",
            "SL" or "IS" => "int",
            "FL" => "float",
            "FD" or "DS" => "double",
            "SV" => "long",
            "UV" => "ulong",
            "AT" => "global::Declarative.Dicom.Data.DicomTag",
            "DA" => "global::System.DateOnly",
            "TM" => "global::System.TimeOnly",
            "DT" => "global::System.DateTimeOffset",
            "OB" or "OW" or "OD" or "OF" or "OL" or "OV" or "UN" => null,
            _ => "string",
        };

        private static string Table(AttributeInfo[] attributes) =>
            attributes.Length == 0
                ? "global::System.Array.Empty<RequiredAttribute>()"
                : "new RequiredAttribute[] { " + string.Join(", ", attributes.Select(a => $"new(0x{a.Tag:X8}, {(a.IsRequired ? "true" : "false")}, {Table(a.Items)})")) + " }";
    }
}
