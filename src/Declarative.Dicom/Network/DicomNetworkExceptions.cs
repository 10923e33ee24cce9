using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Network;

/// <summary>An association could not be used: rejected, aborted, timed out or closed.</summary>
public class DicomAssociationException : Exception
{
    public DicomAssociationException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>The peer rejected our A-ASSOCIATE-RQ (PS3.8 9.3.4).</summary>
public sealed class DicomAssociationRejectedException : DicomAssociationException
{
    public DicomAssociationRejectedException(AssociateRejectPdu reject)
        : base($"Association {RejectReasons.Describe(reject.Source, reject.Reason)} ({reject.Result.ToString().ToLowerInvariant()}).")
    {
        Result = reject.Result;
        RejectSource = reject.Source;
        Reason = reject.Reason;
    }

    public RejectResult Result { get; }

    public RejectSource RejectSource { get; }

    public byte Reason { get; }
}

/// <summary>The association was aborted, by the peer or by this side.</summary>
public sealed class DicomAssociationAbortedException : DicomAssociationException
{
    public DicomAssociationAbortedException(string message, AbortSource? source = null, AbortReason? reason = null) : base(message)
    {
        AbortSource = source;
        Reason = reason;
    }

    public AbortSource? AbortSource { get; }

    public AbortReason? Reason { get; }
}

/// <summary>
/// The peer did not answer in time: the connection, the A-ASSOCIATE-RQ or a DIMSE request (the association is
/// then aborted). Tools tell it apart from a refusal: DCMTK's exit codes do, and so does dicom-events.
/// </summary>
public sealed class DicomAssociationTimeoutException : DicomAssociationException
{
    public DicomAssociationTimeoutException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>A peer answered with a failure (or a warning where the caller cannot return one): its status and Error Comment.</summary>
public sealed class DimseFailureException : Exception
{
    public DimseFailureException(string message, DimseResponse response) : base(message) => Response = response;

    /// <summary>The final response as received.</summary>
    public DimseResponse Response { get; }

    public DimseStatus Status => Response.Status;
}
