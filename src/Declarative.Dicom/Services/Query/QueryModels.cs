namespace Declarative.Dicom;

/// <summary>
/// The Query/Retrieve Levels each hierarchical information model allows (PS3.4 C.6.1, C.6.2, C.6.3): a C-FIND of one of
/// these models without a level, or with one the model does not have, does not match its SOP class (0xA900). The other
/// query models (worklists, UPS, the non-patient object models) have no levels.
/// </summary>
public static class QueryModels
{
    public const string Patient = "PATIENT";
    public const string Study = "STUDY";
    public const string Series = "SERIES";
    public const string Image = "IMAGE";

    private static readonly Dictionary<string, string[]> LevelsBySopClass = new()
    {
        // FIND, MOVE and GET of Patient Root
        ["1.2.840.10008.5.1.4.1.2.1.1"] = [Patient, Study, Series, Image],
        ["1.2.840.10008.5.1.4.1.2.1.2"] = [Patient, Study, Series, Image],
        ["1.2.840.10008.5.1.4.1.2.1.3"] = [Patient, Study, Series, Image],
        // FIND, MOVE and GET of Study Root
        ["1.2.840.10008.5.1.4.1.2.2.1"] = [Study, Series, Image],
        ["1.2.840.10008.5.1.4.1.2.2.2"] = [Study, Series, Image],
        ["1.2.840.10008.5.1.4.1.2.2.3"] = [Study, Series, Image],
        // FIND, MOVE and GET of Patient/Study Only (retired, still seen)
        ["1.2.840.10008.5.1.4.1.2.3.1"] = [Patient, Study],
        ["1.2.840.10008.5.1.4.1.2.3.2"] = [Patient, Study],
        ["1.2.840.10008.5.1.4.1.2.3.3"] = [Patient, Study],
    };

    /// <summary>The levels of a hierarchical model, top first; null for a model without levels.</summary>
    public static IReadOnlyList<string>? LevelsOf(string sopClassUid) => LevelsBySopClass.TryGetValue(sopClassUid, out var levels) ? levels : null;
}
