// Generates the service-class catalogue from the standard's facts:
//   - tools/catalogue/events.txt: event and action types with their attributes, entered once from PS3.4;
//   - shared/catalogue/statuses-by-message.json: status tables per service class and DIMSE service;
//   - DCMTK's dicom.dic (keyword, VR, VM of each attribute) and dcuid.h (every SOP class UID).
// Re-run after editing events.txt or when the inputs change:
//     dotnet run tools/generate-catalogue.cs -- ../shared/catalogue/statuses-by-message.json
// It rewrites src/Declarative.Dicom/Services/Catalogue/ServiceClassCatalogue.Generated.cs and
// src/Declarative.Dicom/Services/SopClass.Generated.cs; commit both.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

var statusesPath = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "catalogue", "statuses-by-message.json");
var eventsPath = Path.Combine("tools", "catalogue", "events.txt");
var dicPath = "/usr/share/libdcmtk17/dicom.dic";
var uidPath = "/usr/include/dcmtk/dcmdata/dcuid.h";
var dictionary = ReadDictionary(dicPath);
var sops = ReadEvents(eventsPath, dictionary);
var serviceClasses = ReadStatuses(statusesPath);
var known = ReadKnownSopClasses(uidPath);
foreach (var sop in sops)
{
    if (!serviceClasses.Any(s => s.Name == sop.ServiceClass))
    {
        throw new InvalidDataException($"{sop.Keyword}: no status table for service class '{sop.ServiceClass}'");
    }
}

var outDir = Path.Combine("src", "Declarative.Dicom", "Services");
File.WriteAllText(Path.Combine(outDir, "Catalogue", "ServiceClassCatalogue.Generated.cs"), EmitCatalogue(sops, serviceClasses, known));
File.WriteAllText(Path.Combine(outDir, "SopClass.Generated.cs"), EmitSopClassConstants(known));
Console.WriteLine($"{sops.Count} SOP classes with events or actions, {serviceClasses.Count} service classes, {known.Count} known SOP classes");

static Dictionary<uint, (string Keyword, string VR, string VM)> ReadDictionary(string path)
{
    var result = new Dictionary<uint, (string, string, string)>();
    foreach (var line in File.ReadLines(path))
    {
        var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries);
        if (line.StartsWith('#') || f.Length < 5 || f[0].Length != 11 || !f[4].StartsWith("DICOM", StringComparison.Ordinal))
        {
            continue;
        }

        var tag = uint.Parse(f[0][1..5] + f[0][6..10], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        result[tag] = (f[2].Replace("RETIRED_", string.Empty, StringComparison.Ordinal), f[1], f[3]);
    }

    return result;
}

static List<Sop> ReadEvents(string path, Dictionary<uint, (string Keyword, string VR, string VM)> dictionary)
{
    var sops = new List<Sop>();
    Operation? operation = null;
    var stack = new List<List<Attr>>();
    var sopLine = new Regex("^sop (\\w+) ([0-9.]+) \"([^\"]+)\"(?: also ([0-9. ]+))?$");
    var opLine = new Regex("^(event|action) (\\d+) (\\w+) \"([^\"]+)\"$");
    // The N-CREATE and N-SET attribute lists of a SOP class that has them (MPPS): requirement types of the SCU.
    var listLine = new Regex("^(create|set) (\\w+) \"([^\"]+)\"$");
    // The DIMSE messages a SOP class uses (PS3.4): a handler of another message for it is reported (DCM1009).
    var messagesLine = new Regex("^messages ((?:[CN]-[A-Z-]+ ?)+)$");
    // An attribute newer than DCMTK's dictionary names its keyword, VR and VM after the requirement type.
    var attrLine = new Regex("^(>*) ?\\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\\) (1C|2C|1|2|3)(?: (\\w+) ([A-Z]{2}) ([0-9n-]+))?$");
    foreach (var raw in File.ReadLines(path))
    {
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith('#'))
        {
            continue;
        }

        Match m;
        if ((m = sopLine.Match(line)).Success)
        {
            sops.Add(new Sop(m.Groups[2].Value, m.Groups[1].Value, m.Groups[3].Value,
                m.Groups[4].Success ? m.Groups[4].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [], [], []));
            operation = null;
        }
        else if ((m = opLine.Match(line)).Success)
        {
            operation = new Operation(ushort.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[4].Value, m.Groups[3].Value, [], null);
            (m.Groups[1].Value == "event" ? sops[^1].Events : sops[^1].Actions).Add(operation);
            stack = [operation.Information];
        }
        else if ((m = messagesLine.Match(line)).Success)
        {
            sops[^1].Messages = m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            operation = null;
        }
        else if ((m = listLine.Match(line)).Success)
        {
            operation = new Operation(0, m.Groups[3].Value, m.Groups[2].Value, [], null);
            if (m.Groups[1].Value == "create")
            {
                sops[^1].Create = operation;
            }
            else
            {
                sops[^1].Set = operation;
            }

            stack = [operation.Information];
        }
        else if (line == "reply" && operation is not null)
        {
            operation.Reply = [];
            stack = [operation.Reply];
        }
        else if ((m = attrLine.Match(line)).Success && operation is not null)
        {
            var depth = m.Groups[1].Value.Length;
            var tag = uint.Parse(m.Groups[2].Value + m.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (m.Groups[5].Success)
            {
                dictionary.TryAdd(tag, (m.Groups[5].Value, m.Groups[6].Value, m.Groups[7].Value));
            }

            if (!dictionary.TryGetValue(tag, out var entry))
            {
                throw new InvalidDataException($"{path}: {line}: not in the data dictionary; name its keyword, VR and VM after the type");
            }

            if (depth >= stack.Count)
            {
                throw new InvalidDataException($"{path}: {line}: item attribute without a sequence above it");
            }

            var attr = new Attr(tag, entry.Keyword, entry.VR, entry.VM, m.Groups[4].Value, []);
            stack[depth].Add(attr);
            stack.RemoveRange(depth + 1, stack.Count - depth - 1);
            stack.Add(attr.Items);
        }
        else
        {
            throw new InvalidDataException($"{path}: cannot read '{line}'");
        }
    }

    return sops;
}

static List<ServiceClass> ReadStatuses(string path)
{
    using var json = JsonDocument.Parse(File.ReadAllText(path));
    var result = new List<ServiceClass>();
    foreach (var sc in json.RootElement.GetProperty("service_classes").EnumerateObject())
    {
        var uids = sc.Value.GetProperty("sop_classes").EnumerateArray().Select(s => s.GetProperty("uid").GetString()!).ToArray();
        var tables = new SortedDictionary<string, SortedDictionary<uint, (ushort Code, ushort Last, string Meaning)>>(StringComparer.Ordinal);
        var general = new SortedDictionary<string, SortedDictionary<uint, (ushort Code, ushort Last, string Meaning)>>(StringComparer.Ordinal);
        foreach (var table in sc.Value.GetProperty("statuses").EnumerateObject())
        {
            // pynetdicom's own extension codes are not the standard's; its restated tables are.
            if (table.Name.StartsWith("pynetdicom", StringComparison.Ordinal))
            {
                continue;
            }

            var service = ServiceOf(table.Name);
            if (!tables.TryGetValue(service, out var codes))
            {
                tables[service] = codes = [];
            }

            // A table named by the message alone ("N-ACTION") is PS3.7's general one; others are the service class's own.
            var isGeneral = table.Name is "C-ECHO" or "C-STORE" or "C-FIND" or "C-GET" or "C-MOVE" or "N-EVENT-REPORT" or "N-GET" or "N-SET" or "N-ACTION" or "N-CREATE" or "N-DELETE";
            foreach (var status in table.Value.EnumerateArray())
            {
                var text = status.GetProperty("code").GetString()!;
                var parts = text.Split(" to ");
                var code = ushort.Parse(parts[0][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var last = parts.Length > 1 ? ushort.Parse(parts[1][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : code;
                var entry = (code, last, status.GetProperty("meaning").GetString()!.TrimEnd(';', ' '));
                codes.TryAdd((uint)code, entry);
                if (isGeneral)
                {
                    if (!general.TryGetValue(service, out var generalCodes))
                    {
                        general[service] = generalCodes = [];
                    }

                    generalCodes.TryAdd((uint)code, entry);
                }
            }
        }

        ApplyCorrections(sc.Name, tables, general);
        result.Add(new ServiceClass(sc.Name, uids, tables, general));
    }

    return result;
}

// tools/catalogue/status-corrections.txt: cells of the restated tables checked against the standard and corrected.
static void ApplyCorrections(string serviceClass,
    SortedDictionary<string, SortedDictionary<uint, (ushort Code, ushort Last, string Meaning)>> tables,
    SortedDictionary<string, SortedDictionary<uint, (ushort Code, ushort Last, string Meaning)>> general)
{
    foreach (var raw in File.ReadLines(Path.Combine("tools", "catalogue", "status-corrections.txt")))
    {
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith('#'))
        {
            continue;
        }

        var f = line.Split('|', StringSplitOptions.TrimEntries);
        if (f.Length != 5)
        {
            throw new InvalidDataException($"status-corrections.txt: '{line}' is not 'service class | message | code | meaning | source'");
        }

        var everyClass = f[0] == "*";
        if (!everyClass && f[0] != serviceClass)
        {
            continue;
        }

        var service = ServiceOf(f[1]);
        var code = ushort.Parse(f[2][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        foreach (var table in everyClass ? new[] { tables, general } : new[] { tables })
        {
            if (table.TryGetValue(service, out var codes))
            {
                codes[code] = (code, code, f[3]);
            }
        }
    }
}

static string ServiceOf(string table)
{
    string[] services = ["C-ECHO", "C-STORE", "C-FIND", "C-GET", "C-MOVE", "N-EVENT-REPORT", "N-GET", "N-SET", "N-ACTION", "N-CREATE", "N-DELETE"];
    foreach (var service in services)
    {
        if (table.Contains(service, StringComparison.Ordinal))
        {
            return Enum(service);
        }
    }

    if (table.Contains("(Find)", StringComparison.Ordinal) || table.Contains("Worklist", StringComparison.Ordinal) || table.Contains("Query Service", StringComparison.Ordinal))
    {
        return "CFind";
    }

    if (table.Contains("(Get)", StringComparison.Ordinal))
    {
        return "CGet";
    }

    if (table.Contains("(Move)", StringComparison.Ordinal))
    {
        return "CMove";
    }

    if (table.Contains("Storage Service", StringComparison.Ordinal))
    {
        return "CStore";
    }

    if (table.Contains("Application Event Logging", StringComparison.Ordinal))
    {
        return "NAction";
    }

    throw new InvalidDataException($"cannot tell which DIMSE service the status table '{table}' is for");
}

static string Enum(string service) => service switch
{
    "C-ECHO" => "CEcho",
    "C-STORE" => "CStore",
    "C-FIND" => "CFind",
    "C-GET" => "CGet",
    "C-MOVE" => "CMove",
    "N-EVENT-REPORT" => "NEventReport",
    "N-GET" => "NGet",
    "N-SET" => "NSet",
    "N-ACTION" => "NAction",
    "N-CREATE" => "NCreate",
    _ => "NDelete",
};

static SortedDictionary<string, string> ReadKnownSopClasses(string path)
{
    var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
    var define = new Regex("^#define UID_(\\w+)\\s+\"(1\\.2\\.840\\.10008\\.[0-9.]+)\"");
    var inSopClasses = false;
    foreach (var line in File.ReadLines(path))
    {
        if (line.StartsWith("// Storage (DICOM)", StringComparison.Ordinal))
        {
            inSopClasses = true;
        }
        else if (line.StartsWith("** All other UIDs", StringComparison.Ordinal))
        {
            break;
        }

        var m = define.Match(line);
        if (!inSopClasses || !m.Success || m.Groups[1].Value.StartsWith("RETIRED_", StringComparison.Ordinal)
            || m.Groups[1].Value.StartsWith("DRAFT_", StringComparison.Ordinal) || m.Groups[1].Value.EndsWith("Instance", StringComparison.Ordinal))
        {
            continue;
        }

        var keyword = Regex.Replace(m.Groups[1].Value, "SOPClass$", string.Empty);
        result.TryAdd(m.Groups[2].Value, keyword);
    }

    // PS3.6 2023 added Inventory Creation after DCMTK 3.6.7's edition; the status tables name it.
    result.TryAdd("1.2.840.10008.5.1.4.1.1.201.5", "InventoryCreation");
    return result;
}

static string EmitCatalogue(List<Sop> sops, List<ServiceClass> serviceClasses, SortedDictionary<string, string> known)
{
    var sb = new StringBuilder();
    sb.AppendLine("// <auto-generated/>");
    sb.AppendLine("// Generated by tools/generate-catalogue.cs from tools/catalogue/events.txt (PS3.4), the status tables of");
    sb.AppendLine("// shared/catalogue/statuses-by-message.json (PS3.4/PS3.7) and DCMTK's dicom.dic and dcuid.h. Do not edit.");
    sb.AppendLine("#nullable enable");
    sb.AppendLine("using System.Collections.Generic;");
    sb.AppendLine();
    sb.AppendLine("namespace Declarative.Dicom.Catalogue");
    sb.AppendLine("{");
    sb.AppendLine("    public static partial class ServiceClassCatalogue");
    sb.AppendLine("    {");
    sb.AppendLine("        private static SopClassInfo[] CreateSopClasses() => new[]");
    sb.AppendLine("        {");
    foreach (var sop in sops)
    {
        sb.AppendLine($"            new SopClassInfo(\"{sop.Uid}\", \"{sop.Keyword}\", \"{sop.ServiceClass}\", new string[] {{ {string.Join(", ", sop.Also.Select(a => $"\"{a}\""))} }},");
        sb.AppendLine($"                new OperationTypeInfo[] {{ {string.Join(", ", sop.Events.Select(Op))} }},");
        var lists = sop.Create is null && sop.Set is null ? string.Empty
            : $",\n                create: {(sop.Create is null ? "null" : Op(sop.Create))},\n                set: {(sop.Set is null ? "null" : Op(sop.Set))}";
        if (sop.Messages.Length > 0)
        {
            lists += $",\n                messages: new[] {{ {string.Join(", ", sop.Messages.Select(message => "DimseService." + Enum(message)))} }}";
        }
        sb.AppendLine($"                new OperationTypeInfo[] {{ {string.Join(", ", sop.Actions.Select(Op))} }}{lists}),");
    }

    sb.AppendLine("        };");
    sb.AppendLine();
    sb.AppendLine("        private static ServiceClassInfo[] CreateServiceClasses() => new[]");
    sb.AppendLine("        {");
    foreach (var sc in serviceClasses)
    {
        sb.AppendLine($"            new ServiceClassInfo(\"{sc.Name}\", new string[] {{ {string.Join(", ", sc.SopClassUids.Select(u => $"\"{u}\""))} }}, new Dictionary<DimseService, StatusInfo[]>");
        sb.AppendLine("            {");
        foreach (var (service, codes) in sc.Tables)
        {
            var statuses = string.Join(", ", codes.Values.Select(c => $"new StatusInfo(0x{c.Code:X4}, 0x{c.Last:X4}, \"{c.Meaning.Replace("\"", "\\\"")}\")"));
            sb.AppendLine($"                [DimseService.{service}] = new[] {{ {statuses} }},");
        }

        sb.AppendLine("            }),");
    }

    sb.AppendLine("        };");
    sb.AppendLine();
    // The general statuses of each DIMSE service (PS3.7): the table named by the message itself, the same in every
    // service class that has it; private SOP classes are judged by these.
    sb.AppendLine("        private static Dictionary<DimseService, StatusInfo[]> CreateGeneralStatuses() => new Dictionary<DimseService, StatusInfo[]>");
    sb.AppendLine("        {");
    foreach (var service in serviceClasses.SelectMany(sc => sc.General).Select(g => g.Key).Distinct().OrderBy(k => k, StringComparer.Ordinal))
    {
        var codes = serviceClasses.Select(sc => sc.General.TryGetValue(service, out var c) ? c : null).First(c => c is not null)!;
        var statuses = string.Join(", ", codes.Values.Select(c => $"new StatusInfo(0x{c.Code:X4}, 0x{c.Last:X4}, \"{c.Meaning.Replace("\"", "\\\"")}\")"));
        sb.AppendLine($"            [DimseService.{service}] = new[] {{ {statuses} }},");
    }

    sb.AppendLine("        };");
    sb.AppendLine();
    sb.AppendLine("        private static string[][] CreateKnownSopClasses() => new[]");
    sb.AppendLine("        {");
    foreach (var (uid, keyword) in known)
    {
        sb.AppendLine($"            new[] {{ \"{uid}\", \"{keyword}\" }},");
    }

    sb.AppendLine("        };");
    sb.AppendLine("    }");
    sb.AppendLine("}");
    return sb.ToString();

    static string Op(Operation op) =>
        $"new OperationTypeInfo({op.Id}, \"{op.Name}\", \"{op.AccessorName}\", {Attrs(op.Information)}, {(op.Reply is null ? "null" : Attrs(op.Reply))})";

    static string Attrs(List<Attr> attrs) =>
        attrs.Count == 0 ? "System.Array.Empty<AttributeInfo>()" : $"new[] {{ {string.Join(", ", attrs.Select(a => $"new AttributeInfo(0x{a.Tag:X8}, \"{a.Keyword}\", \"{a.VR}\", \"{a.VM}\", \"{a.Requirement}\", {Attrs(a.Items)})"))} }}";
}

static string EmitSopClassConstants(SortedDictionary<string, string> known)
{
    var sb = new StringBuilder();
    sb.AppendLine("// <auto-generated/>");
    sb.AppendLine("// Generated by tools/generate-catalogue.cs from DCMTK's dcuid.h (PS3.6 Annex A). Do not edit.");
    sb.AppendLine("namespace Declarative.Dicom;");
    sb.AppendLine();
    sb.AppendLine("/// <summary>SOP Class UIDs of PS3.6 Annex A, for [EventReport] and friends.</summary>");
    sb.AppendLine("public static partial class SopClass");
    sb.AppendLine("{");
    foreach (var (uid, keyword) in known.OrderBy(k => k.Value, StringComparer.Ordinal))
    {
        sb.AppendLine($"    public const string {keyword} = \"{uid}\";");
    }

    sb.AppendLine("}");
    return sb.ToString();
}

internal sealed record Attr(uint Tag, string Keyword, string VR, string VM, string Requirement, List<Attr> Items);

internal sealed record Operation(ushort Id, string Name, string AccessorName, List<Attr> Information, List<Attr>? Reply)
{
    public List<Attr>? Reply { get; set; } = Reply;
}

internal sealed record Sop(string Uid, string Keyword, string ServiceClass, string[] Also, List<Operation> Events, List<Operation> Actions)
{
    public string[] Messages { get; set; } = [];

    public Operation? Create { get; set; }

    public Operation? Set { get; set; }
}

internal sealed record ServiceClass(string Name, string[] SopClassUids,
    SortedDictionary<string, SortedDictionary<uint, (ushort Code, ushort Last, string Meaning)>> Tables,
    SortedDictionary<string, SortedDictionary<uint, (ushort Code, ushort Last, string Meaning)>> General);
