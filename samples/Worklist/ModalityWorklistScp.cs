using System.Runtime.CompilerServices;
using Declarative.Dicom;
using Declarative.Dicom.Data;
using Microsoft.Extensions.Logging;

namespace WorklistSample;

/// <summary>
/// The Modality Worklist SCP: every query is matched against every item of the folder by the framework's DicomQuery,
/// which implements PS3.4 C.2.2.2 for every key, so each required matching key of K.6.1.2.2 (Scheduled Station AE Title,
/// Scheduled Procedure Step Start Date and Time, Modality, Scheduled Performing Physician's Name, Patient's Name, Patient
/// ID) is supported. Date and time are matched as one range, as DCMTK's wlmscpfs does. The framework sends each match
/// projected onto the requested keys; a C-CANCEL cancels the token.
/// </summary>
public sealed partial class ModalityWorklistScp(string folder, ILogger logger)
{
    private static readonly DicomQueryOptions Matching = new() { CombineDateAndTime = true };

    [CFind(SopClass.FINDModalityWorklistInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnQuery(CFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield(); // reading files is the caller's thread's work no longer
        var query = request.Query;
        var matches = 0;
        // Read per query, one file at a time: a change to the folder is seen by the next query.
        foreach (var (_, item) in DicomFolder.Read(folder, (file, ex) => logger.LogWarning("Skipping {File}: {Error}", file, ex.Message)))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Query from {Caller} cancelled after {Matches} match(es)", request.Association?.CallingAETitle, matches);
                yield break;
            }

            if (query.Matches(item, Matching))
            {
                matches++;
                yield return item;
            }
        }

        logger.LogInformation("Query from {Caller} ({Keys}): {Matches} match(es)", request.Association?.CallingAETitle, Describe(query), matches);
    }

    private static string Describe(DicomQuery query) =>
        string.Join(", ", query.MatchingKeys.Select(tag => $"{DicomDictionary.Lookup(tag)?.Keyword ?? tag.ToString()}={query.ValueOf(tag) ?? "(sequence)"}"));
}
