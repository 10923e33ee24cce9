using System.Collections.Concurrent;

namespace Declarative.Dicom.Interop.Tests.Query;

/// <summary>A C-STORE SCP as a user writes one: records what arrives, or refuses everything (a destination that is full).</summary>
public partial class StoreListener(bool refuse = false)
{
    public ConcurrentQueue<string> Received { get; } = new();

    [CStore]
    public DimseStatus OnStore(CStoreRequest request)
    {
        if (refuse)
        {
            return 0xA700; // Refused: out of resources
        }

        Received.Enqueue(request.SopInstanceUid!);
        return DimseStatus.Success;
    }
}
