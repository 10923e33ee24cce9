namespace Declarative.Dicom.Network.UpperLayer;

/// <summary>A-ABORT source (PS3.8 Table 9-26).</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    Reserved = 1,
    ServiceProvider = 2,
}

/// <summary>A-ABORT reason when the source is the service provider (PS3.8 Table 9-26).</summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}

/// <summary>A-ASSOCIATE-RJ result (PS3.8 Table 9-21).</summary>
public enum RejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}

/// <summary>A-ASSOCIATE-RJ source (PS3.8 Table 9-21).</summary>
public enum RejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}

/// <summary>
/// A-ASSOCIATE-RJ reason/diagnostic values (PS3.8 Table 9-21). A value means something different for
/// each source, so each constant names its source.
/// </summary>
public static class RejectReasons
{
    public const byte ServiceUserNoReasonGiven = 1;
    public const byte ServiceUserApplicationContextNameNotSupported = 2;
    public const byte ServiceUserCallingAETitleNotRecognized = 3;
    public const byte ServiceUserCalledAETitleNotRecognized = 7;
    public const byte AcseNoReasonGiven = 1;
    public const byte AcseProtocolVersionNotSupported = 2;
    public const byte PresentationTemporaryCongestion = 1;
    public const byte PresentationLocalLimitExceeded = 2;

    /// <summary>The standard's wording for a reject, for logs and exceptions.</summary>
    public static string Describe(RejectSource source, byte reason) => (source, reason) switch
    {
        (RejectSource.ServiceUser, ServiceUserNoReasonGiven) => "rejected by the called AE: no reason given",
        (RejectSource.ServiceUser, ServiceUserApplicationContextNameNotSupported) => "rejected by the called AE: application context name not supported",
        (RejectSource.ServiceUser, ServiceUserCallingAETitleNotRecognized) => "rejected by the called AE: calling AE title not recognized",
        (RejectSource.ServiceUser, ServiceUserCalledAETitleNotRecognized) => "rejected by the called AE: called AE title not recognized",
        (RejectSource.ServiceProviderAcse, AcseProtocolVersionNotSupported) => "rejected by the ACSE provider: protocol version not supported",
        (RejectSource.ServiceProviderAcse, _) => "rejected by the ACSE provider: no reason given",
        (RejectSource.ServiceProviderPresentation, PresentationTemporaryCongestion) => "rejected by the presentation provider: temporary congestion",
        (RejectSource.ServiceProviderPresentation, PresentationLocalLimitExceeded) => "rejected by the presentation provider: local limit exceeded",
        _ => $"rejected: source {(byte)source}, reason {reason}",
    };
}
