using System.Collections.Generic;
using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;

namespace Declarative.Dicom.Generators.Accessors
{
    /// <summary>
    /// Writes the typed C-FIND builder of a query information model of the catalogue: one method per level (one for a model
    /// without levels), one parameter per key typed by its VR, so that a builder cannot express what PS3.4 forbids: a wildcard
    /// in a date or a UID, a range in a name, a hierarchical query below the top level without the unique keys of the levels
    /// above (PS3.4 C.4.1.2.2.1: those are required single values, here required parameters).
    /// </summary>
    internal static class QueryBuilderEmitter
    {
        private const string Ns = "global::Declarative.Dicom.";

        public static string Emit(QueryModelInfo model)
        {
            var w = new CodeWriter();
            w.Line(GeneratedCode.Header);
            w.Open("namespace Declarative.Dicom");
            w.Line($"/// <summary>Typed C-FIND requests of the {model.Name} information model ({model.Section}): each parameter a key; left null, it is not asked;");
            w.Line("/// <c>Any</c> asks for it as a return key (universal matching). Generated from the catalogue.</summary>");
            w.Line(GeneratedCode.Attribute);
            w.Open($"public static partial class {model.Name}Query");
            if (model.Levels.Length == 0)
            {
                EmitMethod(w, model, "Create", null, System.Array.Empty<QueryKeyInfo>(), model.Keys);
            }
            else
            {
                for (var i = 0; i < model.Levels.Length; i++)
                {
                    var level = model.Levels[i];
                    var above = model.Levels.Take(i).Select(l => model.Keys.First(k => k.Level == l && k.Unique)).ToArray();
                    EmitMethod(w, model, Pascal(level), level, above, model.Keys.Where(k => k.Level == level).ToArray());
                }
            }

            foreach (var sequence in model.Keys.Where(k => k.Item.Length > 0))
            {
                EmitItem(w, sequence);
            }

            w.Close();
            w.Close();
            return w.ToString();
        }

        private static void EmitMethod(CodeWriter w, QueryModelInfo model, string name, string? level, QueryKeyInfo[] above, QueryKeyInfo[] keys)
        {
            var required = above.Select(k => $"string {Parameter(k)}");
            var optional = keys.Select(k => $"{ParameterType(k)}? {Parameter(k)} = null");
            var what = level is null ? "a query" : $"a query at the {level} level" + (above.Length == 0 ? string.Empty : $", within the {string.Join(" and ", above.Select(k => k.Keyword))} given");
            w.Line($"/// <summary>C-FIND of {model.FindSopClassUid}: {what}.</summary>");
            w.Open($"public static {Ns}CFindRequest {name}({string.Join(", ", required.Concat(optional))})");
            w.Line($"var identifier = new {Ns}Data.DicomDataset();");
            if (level is not null)
            {
                w.Line($"identifier.Set({Ns}Data.DicomTag.QueryRetrieveLevel, {GeneratedCode.Literal(level)});");
            }

            foreach (var key in above)
            {
                // The unique keys of the levels above: single values (a UID is matched whole, a Patient ID as it is).
                var type = key.VR == "UI" ? "UidMatch" : "ValueMatch";
                w.Line($"{Ns}{type}.Is({Parameter(key)}).SetOn(identifier, new {Ns}Data.DicomTag(0x{key.Tag:X8}u), {Ns}Data.DicomVR.{key.VR});");
            }

            EmitKeys(w, keys);
            w.Line($"return new {Ns}CFindRequest({GeneratedCode.Literal(model.FindSopClassUid)}, identifier);");
            w.Close();
            w.Line();
        }

        private static void EmitItem(CodeWriter w, QueryKeyInfo sequence)
        {
            w.Line($"/// <summary>The item of {sequence.Keyword} (0x{sequence.Tag:X8}): its keys, matched as one (sequence matching, PS3.4 C.2.2.2.6).</summary>");
            w.Open($"public sealed class {sequence.Keyword}Item");
            w.Line($"private {sequence.Keyword}Item({Ns}Data.DicomDataset dataset) => Dataset = dataset;");
            w.Line();
            w.Line($"internal {Ns}Data.DicomDataset Dataset {{ get; }}");
            w.Line();
            w.Open($"public static {sequence.Keyword}Item Create({string.Join(", ", sequence.Item.Select(k => $"{ParameterType(k)}? {Parameter(k)} = null"))})");
            w.Line($"var identifier = new {Ns}Data.DicomDataset();");
            EmitKeys(w, sequence.Item);
            w.Line($"return new {sequence.Keyword}Item(identifier);");
            w.Close();
            w.Close();
            w.Line();
        }

        private static void EmitKeys(CodeWriter w, IEnumerable<QueryKeyInfo> keys)
        {
            foreach (var key in keys)
            {
                var p = Parameter(key);
                var tag = $"new {Ns}Data.DicomTag(0x{key.Tag:X8}u)";
                w.Line(key.Item.Length > 0
                    ? $"if ({p} is not null) identifier.SetSequence({tag}, {p}.Dataset);"
                    : $"{p}?.SetOn(identifier, {tag}, {Ns}Data.DicomVR.{key.VR});");
            }
        }

        /// <summary>The key type a VR allows (PS3.4 C.2.2.2): wildcards only in the text VRs of C.2.2.2.4, ranges only in dates and times, lists only of UIDs.</summary>
        private static string ParameterType(QueryKeyInfo key) => key.Item.Length > 0 ? key.Keyword + "Item" : Ns + key.VR switch
        {
            "DA" => "DateMatch",
            "TM" => "TimeMatch",
            "UI" => "UidMatch",
            _ => QueryMatchingRules.AllowsWildcards(key.VR) ? "TextMatch" : "ValueMatch",
        };

        /// <summary>The keyword in camel case, a leading acronym lowered whole: SOPInstanceUID → sopInstanceUID, PatientID → patientID.</summary>
        private static string Parameter(QueryKeyInfo key)
        {
            var keyword = key.Keyword;
            var upper = 0;
            while (upper < keyword.Length && char.IsUpper(keyword[upper]))
            {
                upper++;
            }

            var lowered = upper > 1 && upper < keyword.Length ? upper - 1 : 1;
            return "@" + keyword.Substring(0, lowered).ToLowerInvariant() + keyword.Substring(lowered);
        }

        private static string Pascal(string level) => level.Substring(0, 1) + level.Substring(1).ToLowerInvariant();
    }
}
