using System.ComponentModel;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Services;
using Microsoft.Extensions.Logging;

namespace Declarative.Dicom;

/// <summary>
/// Turns what a declarative handler returned into the response to send, the way pynetdicom's handler
/// contract says (../shared/seed): a status as a code or as a status dataset holding (0000,0900), a reply
/// only with Success or Warning. Called by generated dispatch code; every decision that changes what the
/// handler meant is logged.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class HandlerResults
{
    // Logging is written out at each place rather than passed as a lambda: a lambda capturing a parameter
    // makes the compiler allocate its closure at method entry, on every message, logged or not.
    private static readonly DimseResponse SuccessWithoutDataset = new(DimseStatus.Success);

    /// <summary>A handler that returned nothing and completed: Success.</summary>
    public static DimseResponse Completed(DimseRequest request)
    {
        CheckCreatedInstance(request, DimseStatus.Success, null);
        return SuccessWithoutDataset;
    }

    public static DimseResponse FromStatus(DimseRequest request, DimseStatus status)
    {
        CheckStatus(request, status);
        CheckCreatedInstance(request, status, null);
        return status.IsSuccess ? SuccessWithoutDataset : new DimseResponse(status);
    }

    /// <summary>A handler that threw <see cref="DimseStatusException"/>: its status, checked against the catalogue like a returned one.</summary>
    public static DimseResponse Thrown(DimseRequest request, DimseStatusException thrown)
    {
        CheckStatus(request, thrown.Status);
        return new DimseResponse(thrown.Status) { ErrorComment = thrown.ErrorComment is { } comment ? Truncate(comment) : null };
    }

    public static DimseResponse FromResult(DimseRequest request, EventReportResult result, bool replyDefined) =>
        Respond(request, result.Status, result.Reply, result.ErrorComment, null, null, replyDefined);

    /// <summary>
    /// The result of an N-ACTION, N-CREATE, N-SET, N-GET, N-DELETE, C-ECHO or C-STORE handler.
    /// <paramref name="datasetDefined"/> says whether the response may carry a dataset at all: the Action Reply of
    /// an action type that defines one, the Attribute List of N-CREATE, N-SET and N-GET; nothing for the others.
    /// </summary>
    public static DimseResponse FromResult(DimseRequest request, DimseResult result, bool datasetDefined) =>
        Respond(request, result.Status, result.Dataset, result.ErrorComment, result.ErrorId, result.AffectedSopInstanceUid, datasetDefined);

    private static DimseResponse Respond(DimseRequest request, DimseStatus status, DicomDataset? reply, string? errorComment, ushort? errorId,
        string? assignedInstance, bool replyDefined)
    {
        CheckStatus(request, status);
        CheckCreatedInstance(request, status, assignedInstance);
        if (reply is not null && !status.AllowsReplyDataset)
        {
            if (request.Log is { } log)
            {
                ServicesLog.ReplyWithFailure(log, request.ToString(), status.Code);
            }

            reply = null;
        }
        else if (reply is not null && !replyDefined)
        {
            if (request.Log is { } log)
            {
                ServicesLog.ReplyNotDefined(log, request.ToString(), OperationName(request));
            }

            reply = null;
        }

        return reply is null && errorComment is null && errorId is null && assignedInstance is null && status.IsSuccess
            ? SuccessWithoutDataset
            : new DimseResponse(status, reply) { ErrorComment = errorComment, ErrorId = errorId, AffectedSopInstanceUid = assignedInstance };
    }

    /// <summary>A status dataset: (0000,0900) required, (0000,0901) (0000,0902) (0000,0903) carried over (PS3.7 Annex C).</summary>
    public static DimseResponse FromStatusDataset(DimseRequest request, DicomDataset statusDataset)
    {
        if (!statusDataset.TryGetValue<ushort>(DicomTag.Status, out var code))
        {
            if (request.Log is { } log)
            {
                ServicesLog.StatusDatasetWithoutStatus(log, request.ToString());
            }

            return new DimseResponse(DimseStatus.StatusDatasetWithoutStatus) { ErrorComment = "status dataset without Status (0000,0900)" };
        }

        CheckStatus(request, code);
        return new DimseResponse(code)
        {
            ErrorComment = statusDataset.GetStringOrDefault(DicomTag.ErrorComment),
            ErrorId = statusDataset.TryGetValue<ushort>(DicomTag.ErrorID, out var errorId) ? errorId : null,
            OffendingElements = statusDataset.Contains(DicomTag.OffendingElement) ? statusDataset.GetValues<DicomTag>(DicomTag.OffendingElement) : null,
        };
    }

    /// <summary>
    /// A Type 1 attribute is missing: the handler is not called. N-EVENT-REPORT answers 0x0115 (Invalid
    /// argument value), because PS3.7 10.1.1.1.8 allows it there and 0x0120 (Missing attribute) is an
    /// N-CREATE/N-SET status; N-ACTION answers 0x0115 as well, for the same reason. N-CREATE answers 0x0120
    /// for an absent attribute and 0x0121 (Missing attribute value) for an empty one; N-SET, whose table has
    /// no 0x0120, answers 0x0121 (PS3.4 F.7.2.2.2, and dcm4che's MPPS SCP does the same).
    /// </summary>
    public static DimseResponse MissingAttribute(DimseRequest request, MissingRequiredAttribute missing, string what)
    {
        DimseStatus status = request.CommandField switch
        {
            DimseCommandField.NCreateRequest => missing.IsEmpty ? DimseStatus.MissingAttributeValue : DimseStatus.MissingAttribute,
            DimseCommandField.NSetRequest => DimseStatus.MissingAttributeValue,
            _ => DimseStatus.InvalidArgumentValue,
        };
        if (request.Log is { } log)
        {
            ServicesLog.MissingAttribute(log, request.ToString(), missing.Path, what, status.Code);
        }

        // The Error Comment is an LO (64 characters): it names the innermost attribute, the log has the full path.
        return new DimseResponse(status) { ErrorComment = Truncate($"missing Type 1 {missing.Innermost}") };
    }

    /// <summary>An N-SET that would change attributes PS3.4 does not allow N-SET to change: 0x0105 No such attribute, listing them.</summary>
    public static DimseResponse NotAllowedInSet(DimseRequest request, DicomTag[] notAllowed)
    {
        var list = string.Join(" ", notAllowed.Select(t => t.ToDisplayString()));
        if (request.Log is { } log)
        {
            ServicesLog.NotAllowedInSet(log, request.ToString(), list);
        }

        return new DimseResponse(DimseStatus.NoSuchAttribute) { ErrorComment = Truncate($"not allowed in N-SET: {list}"), AttributeIdentifierList = notAllowed };
    }

    public static DimseResponse NoSuchEventType(DimseRequest request, ushort eventTypeId)
    {
        if (request.Log is { } log)
        {
            ServicesLog.NoSuchEventType(log, request.ToString(), eventTypeId, DicomUidDictionary.Describe(request.SopClassUid));
        }

        return new DimseResponse(DimseStatus.NoSuchEventType) { ErrorComment = $"event type {eventTypeId} is not handled" };
    }

    public static DimseResponse NoSuchActionType(DimseRequest request, ushort actionTypeId)
    {
        if (request.Log is { } log)
        {
            ServicesLog.NoSuchActionType(log, request.ToString(), actionTypeId, DicomUidDictionary.Describe(request.SopClassUid));
        }

        return new DimseResponse(DimseStatus.NoSuchAction) { ErrorComment = $"action type {actionTypeId} is not handled" };
    }

    /// <summary>A request for a SOP class or service the handler class does not declare: 0x0118 for N-services, 0x0122 for C-services.</summary>
    public static DimseResponse NotServed(DimseRequest request)
    {
        var status = request.CommandField.IsNormalized() ? DimseStatus.NoSuchSopClass : DimseStatus.SopClassNotSupported;
        if (request.Log is { } log)
        {
            ServicesLog.NoSuchSopClass(log, request.ToString(), DicomUidDictionary.Describe(request.SopClassUid), status.Code);
        }

        return new DimseResponse(status) { ErrorComment = Truncate($"{request.CommandField.ToDisplayName()} for {request.SopClassUid} is not handled") };
    }

    private static void CheckStatus(DimseRequest request, DimseStatus status)
    {
        var service = request.CommandField.ServiceOf();
        // The catalogue judges by the SOP class of the context when the affected class is an alias (UPS Push on UPS Event).
        var sopClass = request.PresentationContext?.AbstractSyntax ?? request.SopClassUid;
        if (service is { } s && !ServiceClassCatalogue.IsStatusAllowed(sopClass, s, status.Code))
        {
            var serviceClass = ServiceClassCatalogue.FindServiceClass(sopClass)?.Name ?? "general statuses of PS3.7";
            if (request.Log is { } log)
            {
                ServicesLog.UnknownStatus(log, request.ToString(), status.Code, serviceClass, request.CommandField.ToDisplayName());
            }

        }
    }

    /// <summary>
    /// An N-CREATE that left the SOP Instance UID to us must be answered with the one we assigned (PS3.7 10.1.5.1.3,
    /// "C"): without it the SCU cannot name what it created. The handler's answer is sent as it is, and logged.
    /// </summary>
    private static void CheckCreatedInstance(DimseRequest request, DimseStatus status, string? assignedInstance)
    {
        if (request.CommandField == DimseCommandField.NCreateRequest && request.SopInstanceUid is null && assignedInstance is null
            && status.AllowsReplyDataset && request.Log is { } log)
        {
            ServicesLog.CreatedWithoutInstance(log, request.ToString());
        }
    }

    private static string OperationName(DimseRequest request) => request switch
    {
        NEventReportRequest e => $"event type {e.EventTypeId}",
        NActionRequest a => $"action type {a.ActionTypeId}",
        _ => request.CommandField.ToDisplayName(),
    };

    private static string Truncate(string text) => text.Length <= DimseResponse.MaxErrorCommentLength ? text : text[..DimseResponse.MaxErrorCommentLength];

}
