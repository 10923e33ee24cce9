using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tool.Listening;

/// <summary>
/// `listen --worklist DIR`: a Modality Worklist SCP over a folder of items (.wl/.dcm or DICOM JSON), as DCMTK's wlmscpfs
/// is for testing a modality, matching as wlmscpfs does (date and time as one range). Each query is told when it ends,
/// with its keys and match count.
/// </summary>
internal sealed partial class FolderWorklist(string folder, Action<AnsweredQuery> answered, Action<string> warn)
{
    private static readonly DicomQueryOptions Matching = new() { CombineDateAndTime = true };

    [CFind(SopClass.FINDModalityWorklistInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnQuery(CFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var query = request.Query;
        var keys = AnsweredQuery.Describe(query);
        var matches = 0;
        try
        {
            foreach (var (_, item) in DicomFolder.Read(folder, (file, ex) => warn($"skipping {file}: {ex.Message}")))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                if (query.Matches(item, Matching))
                {
                    matches++;
                    yield return item;
                }
            }
        }
        finally
        {
            answered(new AnsweredQuery(DateTimeOffset.Now, request.Association?.CallingAETitle ?? "?", request.Association?.CalledAETitle ?? "?",
                "Modality Worklist", keys, matches, cancellationToken.IsCancellationRequested));
        }
    }
}
