using System.Runtime.CompilerServices;
using Declarative.Dicom;
using Declarative.Dicom.Data;
using Microsoft.Extensions.Logging;

namespace QueryRetrieveSample;

/// <summary>
/// Patient Root and Study Root query/retrieve over the index: C-FIND answers one match per patient, study, series or image
/// (by the level's unique key) whose attributes match; C-MOVE and C-GET name the files of every matching instance, which the
/// framework sends as they are stored. Matching is the framework's DicomQuery (PS3.4 C.2.2.2).
/// </summary>
public sealed partial class QueryRetrieveScp(InstanceIndex index, ILogger logger)
{
    [CFind(SopClass.FINDPatientRootQueryRetrieveInformationModel)]
    [CFind(SopClass.FINDStudyRootQueryRetrieveInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnFind(CFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var query = request.Query;
        var unique = InstanceIndex.UniqueKey(query.Level!);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in index.Instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (query.Matches(instance.Keys) && seen.Add(instance.Keys.GetStringOrDefault(unique) ?? string.Empty))
            {
                yield return instance.Keys;
            }
        }

        logger.LogInformation("C-FIND {Level} from {Caller}: {Matches} match(es)", query.Level, request.Association?.CallingAETitle, seen.Count);
    }

    [CMove(SopClass.MOVEPatientRootQueryRetrieveInformationModel)]
    [CMove(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]
    public IAsyncEnumerable<CStoreRequest> OnMove(CMoveRequest request, CancellationToken cancellationToken) =>
        Select(request, $"C-MOVE to {request.MoveDestination}", cancellationToken);

    [CGet(SopClass.GETPatientRootQueryRetrieveInformationModel)]
    [CGet(SopClass.GETStudyRootQueryRetrieveInformationModel)]
    public IAsyncEnumerable<CStoreRequest> OnGet(CGetRequest request, CancellationToken cancellationToken) =>
        Select(request, "C-GET", cancellationToken);

    /// <summary>Every instance whose attributes match the Identifier, streamed from its file when sent.</summary>
    private async IAsyncEnumerable<CStoreRequest> Select(QueryRequest request, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var selected = 0;
        foreach (var instance in index.Instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request.Query.Matches(instance.Keys))
            {
                selected++;
                yield return CStoreRequest.FromFile(instance.Path);
            }
        }

        logger.LogInformation("{What} ({Level}) from {Caller}: {Selected} instance(s)", what, request.Query.Level, request.Association?.CallingAETitle, selected);
    }
}
