using Declarative.Dicom.Catalogue;

namespace Declarative.Dicom;

/// <summary>
/// The Query/Retrieve Levels each hierarchical information model allows (PS3.4 C.6.1, C.6.2, C.6.3), from the catalogue: a
/// C-FIND, C-MOVE or C-GET of one of these models without a level, or with one the model does not have, does not match its
/// SOP class (0xA900). The other query models (worklists, UPS, the non-patient object models) have no levels.
/// </summary>
public static class QueryModels
{
    public const string Patient = QueryModelCatalogue.Patient;
    public const string Study = QueryModelCatalogue.Study;
    public const string Series = QueryModelCatalogue.Series;
    public const string Image = QueryModelCatalogue.Image;

    /// <summary>The levels of a hierarchical model, top first; null for a model without levels.</summary>
    public static IReadOnlyList<string>? LevelsOf(string sopClassUid) => QueryModelCatalogue.Find(sopClassUid) is { Levels.Length: > 0 } model ? model.Levels : null;
}
