using Declarative.Dicom.Data;

namespace Declarative.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set (PS3.7 section 9.3 and 10.3): the group 0000 elements of one message. Every
/// field but the command field is optional here, because which ones a message carries depends on
/// the message and peers omit conditional ones (a response without Event Type ID must still read).
/// </summary>
public sealed class DimseCommand
{
    /// <summary>Command Data Set Type (0000,0800) value meaning "no dataset follows".</summary>
    public const ushort NoDataSet = 0x0101;

    public DimseCommandField CommandField { get; set; }

    public string? AffectedSopClassUid { get; set; }

    public string? RequestedSopClassUid { get; set; }

    public ushort? MessageId { get; set; }

    public ushort? MessageIdBeingRespondedTo { get; set; }

    public string? MoveDestination { get; set; }

    public ushort? Priority { get; set; }

    /// <summary>True when a dataset follows the command (Command Data Set Type other than 0x0101).</summary>
    public bool HasDataset { get; set; }

    public ushort? Status { get; set; }

    public DicomTag[]? OffendingElements { get; set; }

    public string? ErrorComment { get; set; }

    public ushort? ErrorId { get; set; }

    public string? AffectedSopInstanceUid { get; set; }

    public string? RequestedSopInstanceUid { get; set; }

    public ushort? EventTypeId { get; set; }

    public DicomTag[]? AttributeIdentifierList { get; set; }

    public ushort? ActionTypeId { get; set; }

    public ushort? NumberOfRemainingSuboperations { get; set; }

    public ushort? NumberOfCompletedSuboperations { get; set; }

    public ushort? NumberOfFailedSuboperations { get; set; }

    public ushort? NumberOfWarningSuboperations { get; set; }

    public string? MoveOriginatorAETitle { get; set; }

    public ushort? MoveOriginatorMessageId { get; set; }

    /// <summary>
    /// Back to an empty command, so that an association can reuse one object for every message it sends
    /// (the command is encoded before the send completes). Every property is reset; a test checks that
    /// none is forgotten.
    /// </summary>
    internal DimseCommand Clear()
    {
        CommandField = default;
        AffectedSopClassUid = default;
        RequestedSopClassUid = default;
        MessageId = default;
        MessageIdBeingRespondedTo = default;
        MoveDestination = default;
        Priority = default;
        HasDataset = default;
        Status = default;
        OffendingElements = default;
        ErrorComment = default;
        ErrorId = default;
        AffectedSopInstanceUid = default;
        RequestedSopInstanceUid = default;
        EventTypeId = default;
        AttributeIdentifierList = default;
        ActionTypeId = default;
        NumberOfRemainingSuboperations = default;
        NumberOfCompletedSuboperations = default;
        NumberOfFailedSuboperations = default;
        NumberOfWarningSuboperations = default;
        MoveOriginatorAETitle = default;
        MoveOriginatorMessageId = default;
        return this;
    }

    /// <summary>The SOP class a request is about: Affected (C-, N-EVENT-REPORT, N-CREATE) or Requested (other N-) SOP Class UID.</summary>
    public string? SopClassUid => AffectedSopClassUid ?? RequestedSopClassUid;

    public string? SopInstanceUid => AffectedSopInstanceUid ?? RequestedSopInstanceUid;

    public override string ToString() =>
        CommandField.IsResponse()
            ? $"{CommandField.ToDisplayName()} (message {MessageIdBeingRespondedTo}, status 0x{Status ?? 0:X4})"
            : $"{CommandField.ToDisplayName()} (message {MessageId}, {SopClassUid})";
}
