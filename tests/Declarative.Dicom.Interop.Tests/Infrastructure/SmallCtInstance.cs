using Declarative.Dicom.Data;
using StorageCommitmentSample;

namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>A small CT image (the StorageCommitment sample's) with the identifiers a query or a retrieve looks at.</summary>
internal static class SmallCtInstance
{
    public static DicomDataset Create(string sopInstanceUid, string studyInstanceUid, string seriesInstanceUid, string patientName, string patientId) =>
        SampleInstances.Create(1)[0]
            .Set(DicomTag.SOPInstanceUID, sopInstanceUid)
            .Set(DicomTag.StudyDate, "20261201")
            .Set(DicomTag.PatientName, patientName)
            .Set(DicomTag.PatientID, patientId)
            .Set(DicomTag.StudyInstanceUID, studyInstanceUid)
            .Set(DicomTag.SeriesInstanceUID, seriesInstanceUid);
}
