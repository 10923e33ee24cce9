namespace Declarative.Dicom.Data;

/// <summary>The head of a Part 10 file: its meta information, and where in the file its dataset starts and how long it is.</summary>
public sealed record DicomFileHeader(DicomDataset FileMetaInformation, long DatasetOffset, long DatasetLength)
{
    public DicomTransferSyntax TransferSyntax => DicomTransferSyntax.Lookup(FileMetaInformation.GetString(DicomTag.TransferSyntaxUID));

    public string SopClassUid => FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID);

    public string SopInstanceUid => FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID);
}
