using Declarative.Dicom.Data;

namespace Declarative.Dicom;

/// <summary>
/// What an [NAction], [NCreate], [NSet], [NGet], [NDelete], [CEcho] or [CStore] handler answers (a [CFind], [CMove] or [CGet] handler streams instead): a status and,
/// with Success or Warning, the dataset the response carries (Action Reply, or the Attribute List of N-CREATE,
/// N-SET and N-GET). Converts implicitly from <see cref="DimseStatus"/> and <see cref="ushort"/>.
/// </summary>
public readonly struct DimseResult
{
    public DimseResult(DimseStatus status, DicomDataset? dataset = null, string? errorComment = null)
    {
        Status = status;
        Dataset = dataset;
        ErrorComment = errorComment;
    }

    public DimseStatus Status { get; }

    /// <summary>The response's dataset: sent only with Success or Warning, and only by services that define one.</summary>
    public DicomDataset? Dataset { get; }

    public string? ErrorComment { get; }

    /// <summary>Error ID (0000,0903): an implementation- or service-specific code a failure carries (MPPS: 0xA710).</summary>
    public ushort? ErrorId { get; init; }

    /// <summary>N-CREATE: the SOP Instance UID the SCP assigned when the request left it out (PS3.7 10.1.5.1.4).</summary>
    public string? AffectedSopInstanceUid { get; init; }

    public static DimseResult Success(DicomDataset? dataset = null) => new(DimseStatus.Success, dataset);

    /// <summary>N-CREATE Success for an instance whose UID this SCP assigned.</summary>
    public static DimseResult Created(string sopInstanceUid, DicomDataset? attributeList = null) =>
        new(DimseStatus.Success, attributeList) { AffectedSopInstanceUid = sopInstanceUid };

    public static DimseResult Failure(DimseStatus status, string? errorComment = null) => new(status, null, errorComment);

    public static implicit operator DimseResult(DimseStatus status) => new(status);

    public static implicit operator DimseResult(ushort status) => new(status);
}
