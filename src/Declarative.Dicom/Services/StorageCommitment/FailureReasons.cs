namespace Declarative.Dicom;

/// <summary>Failure Reason (0008,1197) values of a storage commitment report (PS3.4 J.3.3.1.1.2), in words.</summary>
public static class FailureReasons
{
    public const ushort ProcessingFailure = 0x0110;
    public const ushort NoSuchObjectInstance = 0x0112;
    public const ushort ClassInstanceConflict = 0x0119;
    public const ushort ReferencedSopClassNotSupported = 0x0122;
    public const ushort DuplicateTransactionUid = 0x0131;
    public const ushort ResourceLimitation = 0x0213;

    public static string Describe(ushort reason) => reason switch
    {
        ProcessingFailure => "processing failure",
        NoSuchObjectInstance => "no such object instance (the SCP does not have it)",
        ClassInstanceConflict => "class/instance conflict (stored under another SOP class)",
        ReferencedSopClassNotSupported => "referenced SOP class not supported",
        DuplicateTransactionUid => "duplicate transaction UID",
        ResourceLimitation => "resource limitation",
        _ => $"reason 0x{reason:X4} (not defined by PS3.4)",
    };
}
