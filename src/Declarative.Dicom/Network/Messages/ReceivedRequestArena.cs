using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>
/// What an association lends to the handler of each request it receives, taken back once the request is answered:
/// one request object per kind and the object graph of the request's dataset. Requests are served one after the
/// other, so one of each is enough. A handler that outlives its deadline keeps the whole arena (the association
/// starts a new one), so nothing it may still read is lent again.
/// </summary>
internal sealed class ReceivedRequestArena
{
    // Received requests are of eleven kinds (C-STORE, C-ECHO, C-FIND, C-MOVE, C-GET and the six N- services); an array indexed by kind, not a dictionary.
    private readonly DimseRequest?[] _requests = new DimseRequest?[11];

    public DicomDatasetPool Datasets { get; } = new();

    /// <summary>The request object of this kind lent last (already answered), if any.</summary>
    public DimseRequest? Spare(DimseCommandField commandField) => Slot(commandField) is { } slot ? _requests[slot] : null;

    /// <summary>Keeps <paramref name="request"/> to lend again for the next request of its kind.</summary>
    public void Remember(DimseRequest request)
    {
        if (Slot(request.CommandField) is { } slot)
        {
            _requests[slot] = request;
        }
    }

    /// <summary>The request has been answered: its dataset's objects go back to the pool (its request object stays remembered).</summary>
    public void Recycle() => Datasets.Recycle();

    private static int? Slot(DimseCommandField commandField) => commandField switch
    {
        DimseCommandField.CStoreRequest => 0,
        DimseCommandField.CEchoRequest => 1,
        DimseCommandField.NEventReportRequest => 2,
        DimseCommandField.NGetRequest => 3,
        DimseCommandField.NSetRequest => 4,
        DimseCommandField.NActionRequest => 5,
        DimseCommandField.NCreateRequest => 6,
        DimseCommandField.NDeleteRequest => 7,
        DimseCommandField.CFindRequest => 8,
        DimseCommandField.CMoveRequest => 9,
        DimseCommandField.CGetRequest => 10,
        _ => null,
    };
}
