using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// What an [EventReport] handler answers: a status and, for Success or Warning and where the event type
/// defines one, the Event Reply dataset. Converts implicitly from <see cref="DimseStatus"/> and <see cref="ushort"/>.
/// </summary>
public readonly struct EventReportResult
{
    public EventReportResult(DimseStatus status, DicomDataset? reply = null, string? errorComment = null)
    {
        Status = status;
        Reply = reply;
        ErrorComment = errorComment;
    }

    public DimseStatus Status { get; }

    public DicomDataset? Reply { get; }

    public string? ErrorComment { get; }

    public static EventReportResult Success(DicomDataset? reply = null) => new(DimseStatus.Success, reply);

    public static EventReportResult Failure(DimseStatus status, string? errorComment = null) => new(status, null, errorComment);

    public static implicit operator EventReportResult(DimseStatus status) => new(status);

    public static implicit operator EventReportResult(ushort status) => new(status);
}
