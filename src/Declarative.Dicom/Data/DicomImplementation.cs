namespace Declarative.Dicom.Data;

/// <summary>How this runtime names itself in file meta information and association negotiation (PS3.7 D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>A UUID-derived UID (PS3.5 B.2), fixed for this implementation.</summary>
    public const string ClassUid = "2.25.167746457571178962857523148903135825346";

    /// <summary>At most 16 characters (SH).</summary>
    public const string VersionName = "DECLARATIVE_0_1";
}
