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
        public static string Emit(SopClassInfo sop, OperationTypeInfo operation, bool isEvent)
        {
            var what = isEvent ? "Event Information" : "Action Information";
            var w = new CodeWriter();
            w.Line(GeneratedCode.Header);
            w.Open("namespace Declarative.Dicom");
            w.Line($"/// <summary>{what} of \"{operation.Name}\" ({(isEvent ? "event" : "action")} type {operation.Id} of {sop.Keyword}, PS3.4).</summary>");
            w.Line(GeneratedCode.Attribute);
            EmitClass(w, operation.AccessorName, $"{operation.Name} ({what})", operation.Information, top: true, sop, operation, isEvent);
            w.Close();
            return w.ToString();
        }

        private static void EmitClass(CodeWriter w, string name, string description, AttributeInfo[] attributes, bool top, SopClassInfo sop, OperationTypeInfo operation, bool isEvent)
        {
            w.Open($"public sealed partial class {name} : global::Declarative.Dicom.DatasetAccessor");
            if (top)
            {
                w.Line($"public const string SopClassUid = {GeneratedCode.Literal(sop.Uid)};");
                w.Line($"public const ushort {(isEvent ? "EventTypeId" : "ActionTypeId")} = {operation.Id};");
                w.Line();
            }

            w.Line($"public {name}(global::Declarative.Dicom.Data.DicomDataset dataset) : base(dataset) {{ }}");
            w.Line();
            w.Line($"protected override string Description => {GeneratedCode.Literal(description)};");
            w.Line();
            AccessorBuilderEmitter.EmitCreate(w, name, attributes);
            if (top)
            {
                AccessorBuilderEmitter.EmitToRequest(w, isEvent);
            }

            foreach (var attribute in attributes)
            {
                EmitProperty(w, attribute);
            }

            w.Line("/// <summary>The first Type 1 attribute that is absent or empty (searched into items), or null when all are there.</summary>");
            w.Line("public static string? FindMissingAttribute(global::Declarative.Dicom.Data.DicomDataset? dataset) => FindMissing(dataset, s_attributes);");
            w.Line();
            w.Line($"private static readonly RequiredAttribute[] s_attributes = {Table(attributes)};");
            foreach (var sequence in attributes.Where(a => a.VR == "SQ"))
            {
                w.Line();
                w.Line($"/// <summary>An item of {sequence.Keyword} {sequence.TagText}.</summary>");
                EmitClass(w, sequence.Keyword + "Item", $"{sequence.Keyword} item of {description}", sequence.Items, top: false, sop, operation, isEvent);
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
