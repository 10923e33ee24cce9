using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>Builds the typed request for a received command set. Absent conditional fields read as their neutral value.</summary>
internal static class DimseRequestFactory
{
    /// <summary>Builds the request; a C-STORE whose dataset was spooled to a file (<paramref name="spooled"/>) reads it from there.</summary>
    public static DimseRequest? Create(DimseCommand command, DicomDataset? dataset, (string Path, DicomTransferSyntax Syntax)? spooled = null)
    {
        var sopClass = command.SopClassUid ?? string.Empty;
        var sopInstance = command.SopInstanceUid ?? string.Empty;
        DimseRequest? request = command.CommandField switch
        {
            DimseCommandField.CEchoRequest => new CEchoRequest(sopClass),
            DimseCommandField.CStoreRequest when spooled is { } file =>
                new CStoreRequest(file.Path, file.Syntax, sopClass, sopInstance, command.Priority ?? 0)
                {
                    MoveOriginatorAETitle = command.MoveOriginatorAETitle,
                    MoveOriginatorMessageId = command.MoveOriginatorMessageId,
                },
            DimseCommandField.CStoreRequest when dataset is not null =>
                new CStoreRequest(dataset, sopClass, sopInstance, command.Priority ?? 0)
                {
                    MoveOriginatorAETitle = command.MoveOriginatorAETitle,
                    MoveOriginatorMessageId = command.MoveOriginatorMessageId,
                },
            DimseCommandField.NEventReportRequest => new NEventReportRequest(sopClass, sopInstance, command.EventTypeId ?? 0, dataset),
            DimseCommandField.NActionRequest => new NActionRequest(sopClass, sopInstance, command.ActionTypeId ?? 0, dataset),
            DimseCommandField.NGetRequest => new NGetRequest(sopClass, sopInstance, command.AttributeIdentifierList),
            DimseCommandField.NSetRequest => new NSetRequest(sopClass, sopInstance, dataset ?? new DicomDataset()),
            DimseCommandField.NCreateRequest => new NCreateRequest(sopClass, command.AffectedSopInstanceUid, dataset),
            DimseCommandField.NDeleteRequest => new NDeleteRequest(sopClass, sopInstance),
            _ => null,
        };
        if (request is not null)
        {
            request.MessageId = command.MessageId ?? 0;
        }

        return request;
    }
}
