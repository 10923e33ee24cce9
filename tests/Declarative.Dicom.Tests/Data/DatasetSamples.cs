using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tests.Data;

/// <summary>Datasets shared by the codec tests: the shape of a Storage Commitment event report.</summary>
internal static class DatasetSamples
{
    public const string StorageCommitmentPushModel = "1.2.840.10008.1.20.1";
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static DicomDataset CommitmentResult(int committed = 2, int failed = 1)
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.TransactionUID, "1.2.3.4.5.6.7")
            .Set(DicomTag.RetrieveAETitle, "ORTHANC");
        dataset.SetSequence(DicomTag.ReferencedSOPSequence, Enumerable.Range(1, committed).Select(i => new DicomDataset()
            .Set(DicomTag.ReferencedSOPClassUID, CtImageStorage)
            .Set(DicomTag.ReferencedSOPInstanceUID, $"1.2.3.100.{i}")).ToArray());
        if (failed > 0)
        {
            dataset.SetSequence(DicomTag.FailedSOPSequence, Enumerable.Range(1, failed).Select(i => new DicomDataset()
                .Set(DicomTag.ReferencedSOPClassUID, CtImageStorage)
                .Set(DicomTag.ReferencedSOPInstanceUID, $"1.2.3.200.{i}")
                .Set<ushort>(DicomTag.FailureReason, 0x0112)).ToArray());
        }

        return dataset;
    }
}
