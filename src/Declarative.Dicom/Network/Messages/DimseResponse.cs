using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>
/// A DIMSE response: the status with its optional error fields (PS3.7 Annex C) and the dataset that
/// follows (event reply, action reply, attribute list). The network layer fills the fields a response
/// echoes from its request (message ID, SOP class and instance, event or action type).
/// </summary>
public sealed class DimseResponse
{
    /// <summary>Error Comment (0000,0902) is an LO: at most 64 characters.</summary>
    public const int MaxErrorCommentLength = 64;

    public DimseResponse(DimseStatus status, DicomDataset? dataset = null)
    {
        Status = status;
        Dataset = dataset;
    }

    public DimseStatus Status { get; }

    public DicomDataset? Dataset { get; init; }

    public string? ErrorComment { get; init; }

    public ushort? ErrorId { get; init; }

    public IReadOnlyList<DicomTag>? OffendingElements { get; init; }

    public IReadOnlyList<DicomTag>? AttributeIdentifierList { get; init; }

    /// <summary>Overrides the Affected SOP Instance UID echoed from the request (N-CREATE: the SCP-assigned UID).</summary>
    public string? AffectedSopInstanceUid { get; init; }

    /// <summary>The command set as received, when this response came from a peer.</summary>
    public DimseCommand? Command { get; internal set; }

    public static DimseResponse FromStatus(DimseStatus status, string? errorComment = null) => new(status) { ErrorComment = errorComment };

    /// <summary>
    /// The answer to a C-FIND: its matches, each sent as one pending response (0xFF00) as the stream produces it, then
    /// Success; 0xFE00 Cancel when a C-CANCEL, a release or an abort cancelled the stream's token first; 0xC000-range
    /// Unable to process when the stream throws. The association goes on reading while the stream runs.
    /// </summary>
    public static DimseResponse Stream(IAsyncEnumerable<DicomDataset> matches) => new(DimseStatus.Success) { Matches = matches };

    /// <summary>The matches a C-FIND answer streams (<see cref="Stream"/>); null for a response that is complete in itself.</summary>
    public IAsyncEnumerable<DicomDataset>? Matches { get; private init; }

    /// <summary>
    /// The answer to a C-MOVE or C-GET: the instances to send (<see cref="CStoreRequest.FromFile"/> streams each from its
    /// file). The framework performs one C-STORE sub-operation per instance (to the move destination on an association of
    /// its own, or back on the C-GET's association), sends a pending response with the counts after each, and ends with
    /// Success, 0xB000 when some failed or warned, 0xA702 when all failed (with the Failed SOP Instance UID List), or 0xFE00.
    /// </summary>
    public static DimseResponse Retrieve(IAsyncEnumerable<CStoreRequest> instances) => new(DimseStatus.Success) { Instances = instances };

    /// <summary>The instances a C-MOVE or C-GET answer sends (<see cref="Retrieve"/>).</summary>
    public IAsyncEnumerable<CStoreRequest>? Instances { get; private init; }

    internal DimseCommand ToCommand(DimseRequest request) => WriteCommand(new DimseCommand(), request);

    /// <summary>Fills <paramref name="command"/> (cleared first: associations reuse one per response sent).</summary>
    internal DimseCommand WriteCommand(DimseCommand command, DimseRequest request)
    {
        command.Clear();
        command.CommandField = request.CommandField.ResponseOf();
        command.MessageIdBeingRespondedTo = request.MessageId;
        command.AffectedSopClassUid = request.SopClassUid;
        command.AffectedSopInstanceUid = AffectedSopInstanceUid ?? request.SopInstanceUid;
        command.Status = Status.Code;
        command.HasDataset = Dataset is not null;
        command.ErrorComment = ErrorComment is { Length: > MaxErrorCommentLength } tooLong ? tooLong[..MaxErrorCommentLength] : ErrorComment;
        command.ErrorId = ErrorId;
        command.OffendingElements = OffendingElements is null ? null : [.. OffendingElements];
        command.AttributeIdentifierList = AttributeIdentifierList is null ? null : [.. AttributeIdentifierList];
        request.AddResponseFields(command);
        return command;
    }

    internal static DimseResponse FromCommand(DimseCommand command, DicomDataset? dataset) =>
        new(command.Status ?? throw new DicomDecodeException(0, DicomTag.Status, $"{command.CommandField.ToDisplayName()} has no Status"), dataset)
        {
            ErrorComment = command.ErrorComment,
            ErrorId = command.ErrorId,
            OffendingElements = command.OffendingElements,
            AttributeIdentifierList = command.AttributeIdentifierList,
            AffectedSopInstanceUid = command.AffectedSopInstanceUid,
            Command = command,
        };

    public override string ToString() => ErrorComment is null ? $"status {Status}" : $"status {Status}: {ErrorComment}";
}
