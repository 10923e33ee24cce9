using System.Runtime.CompilerServices;

namespace Declarative.Dicom.Benchmarks;

/// <summary>The C-MOVE SCP of `move-serve`: the folder is one study, and a move of it sends every file as stored.</summary>
internal sealed partial class FolderStudy(string folder)
{
    [CMove(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]
    public async IAsyncEnumerable<CStoreRequest> OnMove(CMoveRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var file in Directory.EnumerateFiles(folder, "*.dcm").Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return CStoreRequest.FromFile(file);
        }
    }
}
