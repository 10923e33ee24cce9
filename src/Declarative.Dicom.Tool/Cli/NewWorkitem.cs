using System.CommandLine;
using System.Globalization;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>The options of a workitem to create, shared by `ups create` (N-CREATE) and `ups-rs create` (Create Workitem).</summary>
internal sealed class NewWorkitem
{
    private readonly Option<string> _label = new("--label") { Description = "Procedure Step Label", Required = true };
    private readonly Option<string> _priority = new("--priority") { Description = "HIGH, MEDIUM or LOW", DefaultValueFactory = _ => "MEDIUM" };
    private readonly Option<string?> _uid = new("--uid") { Description = "the workitem's SOP Instance UID (default: the SCP assigns one)" };
    private readonly Option<string?> _json = new("--json") { Description = "more attributes as a DICOM JSON file (patient, scheduled station, input information, ...)" };

    public IEnumerable<Option> Options => [_label, _priority, _uid, _json];

    public string? Uid(ParseResult parsed) => parsed.GetValue(_uid);

    /// <summary>A SCHEDULED workitem: the JSON file's attributes, the label and priority, READY and now unless it says otherwise.</summary>
    public DicomDataset Dataset(ParseResult parsed)
    {
        var dataset = parsed.GetValue(_json) is { } file ? DicomJsonFiles.Read(file, "--json") : new DicomDataset();
        return dataset.Set(DicomTag.ProcedureStepState, "SCHEDULED")
            .Set(DicomTag.ProcedureStepLabel, parsed.GetRequiredValue(_label))
            .Set(DicomTag.ScheduledProcedureStepPriority, parsed.GetRequiredValue(_priority))
            .Set(DicomTag.InputReadinessState, dataset.GetStringOrDefault(DicomTag.InputReadinessState) ?? "READY")
            .Set(DicomTag.ScheduledProcedureStepStartDateTime, dataset.GetStringOrDefault(DicomTag.ScheduledProcedureStepStartDateTime)
                ?? DateTime.Now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
    }
}
