using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom;

public static partial class HandlerResults
{
    /// <summary>A [CFind] handler's matches: streamed by the association, one pending response each.</summary>
    public static DimseResponse Matches(DimseRequest request, IAsyncEnumerable<DicomDataset> matches) =>
        DimseResponse.Stream(matches ?? throw new InvalidOperationException($"The handler of {request} returned no match stream (null)."));

    /// <summary>A [CMove] or [CGet] handler's instances: the association performs one C-STORE sub-operation each.</summary>
    public static DimseResponse Instances(DimseRequest request, IAsyncEnumerable<CStoreRequest> instances) =>
        DimseResponse.Retrieve(instances ?? throw new InvalidOperationException($"The handler of {request} returned no instances (null)."));

    /// <summary>
    /// The refusal of an Identifier that does not match the C-FIND's SOP class (PS3.4 C.4.1.1.4: 0xA900), before the handler
    /// runs: one that cannot be decoded, or, for a hierarchical model, one without a Query/Retrieve Level the model has.
    /// Also for C-MOVE and C-GET, whose Identifier names the level of the keys that select what to send.
    /// Null when the handler may run.
    /// </summary>
    public static DimseResponse? RefuseQuery(QueryRequest request)
    {
        string? problem;
        try
        {
            problem = Problem(request);
        }
        catch (DicomDataException ex)
        {
            problem = $"the Identifier cannot be decoded: {ex.Message}";
        }

        if (problem is null)
        {
            return null;
        }

        if (request.Log is { } log && log.IsEnabled(LogLevel.Warning))
        {
            log.LogWarning("{Request}: {Problem}; answering 0xA900", request.ToString(), problem);
        }

        return new DimseResponse(DimseStatus.IdentifierDoesNotMatchSopClass)
        {
            ErrorComment = problem,
            OffendingElements = problem.StartsWith("Query/Retrieve Level", StringComparison.Ordinal) ? [DicomTag.QueryRetrieveLevel] : null,
        };
    }

    private static string? Problem(QueryRequest request)
    {
        if (request.Dataset is not { } identifier)
        {
            return $"the {request.CommandField.ToDisplayName()} carries no Identifier";
        }

        _ = identifier.Count; // decodes it: a malformed Identifier is refused here, not in the handler
        if (QueryModels.LevelsOf(request.SopClassUid) is not { } levels)
        {
            return null;
        }

        var level = request.Query.Level;
        if (string.IsNullOrEmpty(level))
        {
            return "Query/Retrieve Level (0008,0052) is missing";
        }

        return levels.Contains(level) ? null : $"Query/Retrieve Level {level} is not one of {string.Join(", ", levels)}";
    }
}
