using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;

namespace Declarative.Dicom.Generators.Accessors
{
    /// <summary>
    /// The sending side of an accessor: a static Create whose parameters are the attributes, Type 1 ones first and
    /// without defaults (a dataset cannot be built without them), and ToRequest, which wraps the dataset in the
    /// N-EVENT-REPORT or N-ACTION request that carries it.
    /// </summary>
    internal static class AccessorBuilderEmitter
    {
        private const string Data = "global::Declarative.Dicom.Data.";

        public static void EmitCreate(CodeWriter w, string name, AttributeInfo[] attributes)
        {
            var ordered = attributes.Where(a => a.IsRequired).Concat(attributes.Where(a => !a.IsRequired)).ToArray();
            var parameters = string.Join(", ", ordered.Select(a => $"{ParameterType(a)} {ParameterName(a)}{(a.IsRequired ? string.Empty : " = null")}"));
            w.Line($"/// <summary>Builds this dataset: Type 1 attributes are required parameters, the others optional.</summary>");
            w.Open($"public static {name} Create({parameters})");
            w.Line($"var dataset = new {Data}DicomDataset();");
            foreach (var a in attributes)
            {
                EmitSet(w, a);
            }

            w.Line($"return new {name}(dataset);");
            w.Close();
            w.Line();
        }

        /// <summary>
        /// ToRequest. A class whose requests name another (UPS Pull, Watch and Event name UPS Push, PS3.4 CC.3.1) builds
        /// requests naming that class, sent on a context of its own (DimseRequest.ContextSopClassUid).
        /// </summary>
        public static void EmitToRequest(CodeWriter w, DimseService service, SopClassInfo sop)
        {
            const string Ns = "global::Declarative.Dicom.";
            var named = sop.AlsoServes.Length > 0 ? GeneratedCode.Literal(sop.AlsoServes[0]) : "SopClassUid";
            var onContext = sop.AlsoServes.Length > 0 ? " { ContextSopClassUid = SopClassUid }" : string.Empty;
            switch (service)
            {
                case DimseService.NEventReport:
                    w.Line("/// <summary>The N-EVENT-REPORT request that reports this event about <paramref name=\"sopInstanceUid\"/>.</summary>");
                    w.Line($"public {Ns}NEventReportRequest ToRequest(string sopInstanceUid) => new {Ns}NEventReportRequest({named}, sopInstanceUid, EventTypeId, Dataset){onContext};");
                    break;
                case DimseService.NAction:
                    w.Line("/// <summary>The N-ACTION request that asks for this action on <paramref name=\"sopInstanceUid\"/>.</summary>");
                    w.Line($"public {Ns}NActionRequest ToRequest(string sopInstanceUid) => new {Ns}NActionRequest({named}, sopInstanceUid, ActionTypeId, Dataset){onContext};");
                    break;
                case DimseService.NCreate:
                    w.Line("/// <summary>The N-CREATE request that creates the instance; without a SOP Instance UID the SCP assigns one.</summary>");
                    w.Line($"public {Ns}NCreateRequest ToRequest(string? sopInstanceUid = null) => new {Ns}NCreateRequest(SopClassUid, sopInstanceUid, Dataset);");
                    break;
                default:
                    w.Line("/// <summary>The N-SET request that changes <paramref name=\"sopInstanceUid\"/>.</summary>");
                    w.Line($"public {Ns}NSetRequest ToRequest(string sopInstanceUid) => new {Ns}NSetRequest(SopClassUid, sopInstanceUid, Dataset);");
                    break;
            }

            w.Line();
        }

        private static void EmitSet(CodeWriter w, AttributeInfo a)
        {
            var tag = $"new {Data}DicomTag(0x{a.Tag:X8})";
            var vr = $"{Data}DicomVR.{a.VR}";
            var p = ParameterName(a);
            var keyword = GeneratedCode.Literal(a.Keyword);
            if (a.VR == "SQ")
            {
                w.Line(a.IsRequired
                    ? $"dataset.SetSequence({tag}, RequireItems({p}, {keyword}));"
                    : $"if ({p} is not null) dataset.SetSequence({tag}, ItemsOf({p}));");
                return;
            }

            var clr = AccessorEmitter.ClrType(a.VR) ?? "string";
            var multi = a.ValueMultiplicity != "1";
            string value;
            if (multi)
            {
                value = a.IsRequired ? $"RequireValues({p}, {keyword})" : p;
            }
            else if (clr == "string")
            {
                value = a.IsRequired ? $"RequireText({p}, {keyword})" : p;
            }
            else
            {
                value = a.IsRequired ? p : $"{p}.Value";
            }

            var set = clr == "string" ? $"dataset.Set({tag}, {vr}, {value});" : $"dataset.Set<{clr}>({tag}, {vr}, {value});";
            w.Line(a.IsRequired ? set : $"if ({p} is not null) {set}");
        }

        private static string ParameterType(AttributeInfo a)
        {
            var optional = a.IsRequired ? string.Empty : "?";
            if (a.VR == "SQ")
            {
                return $"global::System.Collections.Generic.IEnumerable<{a.Keyword}Item>{optional}";
            }

            var clr = AccessorEmitter.ClrType(a.VR) ?? "string";
            return a.ValueMultiplicity != "1" ? $"{clr}[]{optional}" : $"{clr}{optional}";
        }

        /// <summary>The keyword with a lower-case first letter, escaped: TransactionUID → @transactionUID.</summary>
        private static string ParameterName(AttributeInfo a) => "@" + char.ToLowerInvariant(a.Keyword[0]) + a.Keyword.Substring(1);
    }
}
