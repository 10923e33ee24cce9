using System.CommandLine;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>The options find, move and get share, as findscu, movescu and getscu spell them: the information model, the level, the keys.</summary>
internal sealed class QueryOptions
{
    private readonly bool _worklist;
    private readonly Option<string[]> _keys = new("--key", "-k") { Description = "a key: Keyword=value, Keyword (return key), (gggg,eeee)=value, Sequence.Keyword=value" };
    private readonly Option<bool> _worklistModel = new("--worklist", "-W") { Description = "Modality Worklist information model (the default)" };
    private readonly Option<bool> _patient = new("--patient", "-P") { Description = "Patient Root Query/Retrieve information model" };
    private readonly Option<bool> _study = new("--study", "-S") { Description = "Study Root Query/Retrieve information model" };
    private readonly Option<string?> _level = new("--level") { Description = "Query/Retrieve Level: PATIENT, STUDY, SERIES or IMAGE (default STUDY)" };

    /// <param name="worklist">Whether the Modality Worklist model is offered (C-FIND) and the default; else Study Root is.</param>
    public QueryOptions(bool worklist) => _worklist = worklist;

    public void AddTo(Command command)
    {
        command.Options.Add(_keys);
        if (_worklist)
        {
            command.Options.Add(_worklistModel);
        }

        command.Options.Add(_patient);
        command.Options.Add(_study);
        command.Options.Add(_level);
    }

    /// <summary>The SOP class (from the FIND, MOVE or GET variant of the model) and the Identifier, its level set where the model has levels.</summary>
    public (string SopClass, DicomDataset Identifier) Read(ParseResult parsed, DimseRequestKind kind)
    {
        var patient = parsed.GetValue(_patient);
        var study = parsed.GetValue(_study);
        var worklist = _worklist && parsed.GetValue(_worklistModel);
        if ((patient ? 1 : 0) + (study ? 1 : 0) + (worklist ? 1 : 0) > 1)
        {
            throw new UsageException(_worklist ? "choose one information model: -W, -P or -S" : "choose one information model: -P or -S");
        }

        var sopClass = (patient, study || !_worklist, kind) switch
        {
            (true, _, DimseRequestKind.Find) => SopClass.FINDPatientRootQueryRetrieveInformationModel,
            (true, _, DimseRequestKind.Move) => SopClass.MOVEPatientRootQueryRetrieveInformationModel,
            (true, _, _) => SopClass.GETPatientRootQueryRetrieveInformationModel,
            (_, true, DimseRequestKind.Find) => SopClass.FINDStudyRootQueryRetrieveInformationModel,
            (_, true, DimseRequestKind.Move) => SopClass.MOVEStudyRootQueryRetrieveInformationModel,
            (_, true, _) => SopClass.GETStudyRootQueryRetrieveInformationModel,
            _ => SopClass.FINDModalityWorklistInformationModel,
        };
        DicomDataset identifier;
        try
        {
            identifier = DicomQueryKeys.Parse(parsed.GetValue(_keys) ?? []);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"-k {ex.Message}");
        }

        if (QueryModels.LevelsOf(sopClass) is { } levels)
        {
            var asked = (parsed.GetValue(_level) ?? identifier.GetStringOrDefault(DicomTag.QueryRetrieveLevel) ?? QueryModels.Study).ToUpperInvariant();
            if (!levels.Contains(asked))
            {
                throw new UsageException($"--level {asked}: this model's levels are {string.Join(", ", levels)}");
            }

            identifier.Set(DicomTag.QueryRetrieveLevel, asked);
        }
        else if (parsed.GetValue(_level) is not null)
        {
            throw new UsageException("--level applies to the Patient and Study Root models (-P, -S)");
        }

        return (sopClass, identifier);
    }
}

/// <summary>Which of the three query messages a command sends.</summary>
internal enum DimseRequestKind
{
    Find,
    Move,
    Get,
}
