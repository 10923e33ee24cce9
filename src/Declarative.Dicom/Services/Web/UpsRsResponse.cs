using Declarative.Dicom.Data;

namespace Declarative.Dicom.Web;

/// <summary>What a UPS-RS origin server answered: the HTTP status, its Warning text, the datasets of the payload and the Location.</summary>
public sealed record UpsRsResponse(int Status, string? Warning, IReadOnlyList<DicomDataset> Datasets, Uri? Location)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public override string ToString() => Warning is null ? $"{Status}" : $"{Status} ({Warning})";
}
