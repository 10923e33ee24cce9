using Declarative.Dicom.Catalogue;

namespace Declarative.Dicom;

/// <summary>
/// Thrown by a handler to answer with a failure status of its own choosing where it cannot return one: a [CFind],
/// [CMove] or [CGet] handler that streams (0xA700 Out of resources, 0xC0xx Unable to process…), or code deep inside any
/// handler. The framework answers with <see cref="Status"/> and <see cref="ErrorComment"/> instead of 0x0110/0xC000, after
/// whatever the stream produced before; DCM1001 checks the status against the service class as it does a returned one.
/// </summary>
public sealed class DimseStatusException : Exception
{
    public DimseStatusException(DimseStatus status, string? errorComment = null)
        : base(errorComment is null ? $"Answered with {status}" : $"Answered with {status}: {errorComment}")
    {
        if (status.Category is not (DimseStatusCategory.Failure or DimseStatusCategory.Cancel))
        {
            throw new ArgumentException($"{status} is not a failure: a handler ends with Success or a Warning by returning, not by throwing.", nameof(status));
        }

        Status = status;
        ErrorComment = errorComment;
    }

    public DimseStatus Status { get; }

    /// <summary>Sent in Error Comment (0000,0902), cut to its 64 characters.</summary>
    public string? ErrorComment { get; }
}
