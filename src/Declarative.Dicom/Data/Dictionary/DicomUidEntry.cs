namespace Declarative.Dicom.Data;

/// <summary>What a registered UID of PS3.6 Annex A identifies.</summary>
public enum DicomUidKind
{
    ApplicationContext,
    TransferSyntax,
    SopClass,
    MetaSopClass,
    WellKnownSopInstance,
    WellKnownFrameOfReference,
    SynchronizationFrameOfReference,
    CodingScheme,
    MappingResource,
    LdapOid,
}

/// <summary>One registered UID: the UID, a keyword, its kind and whether it is retired.</summary>
public sealed record DicomUidEntry(string Uid, string Keyword, DicomUidKind Kind, bool IsRetired);
