using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>Builds the typed request for a received command set. Absent conditional fields read as their neutral value.</summary>
internal static class DimseRequestFactory
{
    /// <summary>
    /// Builds the request; a C-STORE whose dataset was spooled to a file (<paramref name="spooled"/>) reads it from there.
    /// With an <paramref name="arena"/>, the request object of the kind it lent last is pointed at this command instead
    /// of a new one (that request has been answered).
    /// </summary>
    public static DimseRequest? Create(DimseCommand command, DicomDataset? dataset, (string Path, DicomTransferSyntax Syntax)? spooled = null, ReceivedRequestArena? arena = null)
    {
        var sopClass = command.SopClassUid ?? string.Empty;
        var sopInstance = command.SopInstanceUid ?? string.Empty;
        var spare = arena?.Spare(command.CommandField);
        DimseRequest? request = command.CommandField switch
        {
            DimseCommandField.CEchoRequest => spare is CEchoRequest echo ? echo.Reset(sopClass) : new CEchoRequest(sopClass),
            DimseCommandField.CStoreRequest when spooled is { } file =>
                new CStoreRequest(file.Path, file.Syntax, sopClass, sopInstance, command.Priority ?? 0)
                {
                    MoveOriginatorAETitle = command.MoveOriginatorAETitle,
                    MoveOriginatorMessageId = command.MoveOriginatorMessageId,
                },
            DimseCommandField.CStoreRequest when dataset is not null => spare is CStoreRequest { IsSpooled: false } store
                ? store.Reset(dataset, sopClass, sopInstance, command.Priority ?? 0, command.MoveOriginatorAETitle, command.MoveOriginatorMessageId)
                : new CStoreRequest(dataset, sopClass, sopInstance, command.Priority ?? 0)
                {
                    MoveOriginatorAETitle = command.MoveOriginatorAETitle,
                    MoveOriginatorMessageId = command.MoveOriginatorMessageId,
                },
            DimseCommandField.NEventReportRequest => spare is NEventReportRequest report
                ? report.Reset(sopClass, sopInstance, command.EventTypeId ?? 0, dataset)
                : new NEventReportRequest(sopClass, sopInstance, command.EventTypeId ?? 0, dataset),
            DimseCommandField.NActionRequest => spare is NActionRequest action
                ? action.Reset(sopClass, sopInstance, command.ActionTypeId ?? 0, dataset)
                : new NActionRequest(sopClass, sopInstance, command.ActionTypeId ?? 0, dataset),
            DimseCommandField.NGetRequest => spare is NGetRequest get
                ? get.Reset(sopClass, sopInstance, command.AttributeIdentifierList)
                : new NGetRequest(sopClass, sopInstance, command.AttributeIdentifierList),
            DimseCommandField.NSetRequest => spare is NSetRequest set
                ? set.Reset(sopClass, sopInstance, dataset ?? new DicomDataset())
                : new NSetRequest(sopClass, sopInstance, dataset ?? new DicomDataset()),
            DimseCommandField.NCreateRequest => spare is NCreateRequest create
                ? create.Reset(sopClass, command.AffectedSopInstanceUid, dataset)
                : new NCreateRequest(sopClass, command.AffectedSopInstanceUid, dataset),
            // A query without its Identifier is kept so (null), and refused with 0xA900 before the handler runs (RefuseQuery).
            DimseCommandField.CFindRequest => spare is CFindRequest find
                ? find.Reset(sopClass, dataset!, command.Priority ?? 0)
                : new CFindRequest(sopClass, dataset!, command.Priority ?? 0),
            DimseCommandField.CMoveRequest => spare is CMoveRequest move
                ? move.Reset(sopClass, dataset!, command.MoveDestination ?? string.Empty, command.Priority ?? 0)
                : new CMoveRequest(sopClass, dataset!, command.MoveDestination ?? string.Empty, command.Priority ?? 0),
            DimseCommandField.CGetRequest => spare is CGetRequest get
                ? get.Reset(sopClass, dataset!, command.Priority ?? 0)
                : new CGetRequest(sopClass, dataset!, command.Priority ?? 0),
            DimseCommandField.NDeleteRequest => spare is NDeleteRequest delete ? delete.Reset(sopClass, sopInstance) : new NDeleteRequest(sopClass, sopInstance),
            _ => null,
        };
        if (request is not null)
        {
            request.MessageId = command.MessageId ?? 0;
            arena?.Remember(request);
        }

        return request;
    }
}
