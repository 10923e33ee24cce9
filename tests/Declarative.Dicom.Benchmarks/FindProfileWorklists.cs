using System.Runtime.CompilerServices;
using Declarative.Dicom.Data;

namespace Declarative.Dicom.Benchmarks;

/// <summary>The worklist SCP of `find-serve` over the files of a folder, read at each query as DCMTK's wlmscpfs reads them.</summary>
internal sealed partial class FolderWorklist(string folder)
{
    [CFind(SopClass.FINDModalityWorklistInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnQuery(DicomQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var file in Directory.EnumerateFiles(folder, "*.wl"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = DicomFile.Open(file).Dataset;
            if (query.Matches(item))
            {
                yield return item;
            }
        }
    }
}

/// <summary>The worklist SCP of `find-serve` over items held in memory: what the framework itself costs.</summary>
internal sealed partial class MemoryWorklist(int count)
{
    private readonly DicomDataset[] _items = Enumerable.Range(0, count).Select(FindProfile.Item).ToArray();

    [CFind(SopClass.FINDModalityWorklistInformationModel)]
    public async IAsyncEnumerable<DicomDataset> OnQuery(DicomQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var item in _items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (query.Matches(item))
            {
                yield return item;
            }
        }
    }
}
