using Declarative.Dicom.Data;
using Declarative.Dicom.Testing;

namespace Declarative.Dicom.Tests.Services;

/// <summary>The generated Create and ToRequest of the accessors: the sending side of the same typed shapes the handlers receive.</summary>
public class DatasetBuilderTests
{
    [Fact]
    public void Create_SetsEachAttributeWithItsTagAndVR_AndOptionalOnesOnlyWhenGiven()
    {
        var report = StorageCommitmentFailuresExist.Create("1.2.3",
            [StorageCommitmentFailuresExist.FailedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.9", FailureReasons.NoSuchObjectInstance)],
            retrieveAETitle: ["PACS", "ARCHIVE"]);

        var encoded = DicomDataset.Decode(report.Dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("1.2.3", encoded.GetString(DicomTag.TransactionUID));
        Assert.Equal(["PACS", "ARCHIVE"], encoded.GetValues<string>(DicomTag.RetrieveAETitle));
        Assert.Equal(DicomVR.AE, encoded.Find(DicomTag.RetrieveAETitle)!.VR);
        var failed = Assert.Single(encoded.GetSequence(DicomTag.FailedSOPSequence).Items);
        Assert.Equal((ushort)0x0112, failed.GetValue<ushort>(DicomTag.FailureReason));
        Assert.False(encoded.Contains(DicomTag.ReferencedSOPSequence));
        Assert.False(encoded.Contains(DicomTag.StorageMediaFileSetUID));
    }

    [Fact]
    public void Create_RefusesAnEmptyType1Value_OrAnEmptyType1Sequence()
    {
        var empty = Assert.Throws<ArgumentException>(() => StorageCommitmentSuccessful.Create("", [StorageCommitmentSuccessful.ReferencedSOPSequenceItem.Create("1.2", "1.2.3")]));
        var none = Assert.Throws<ArgumentException>(() => StorageCommitmentSuccessful.Create("1.2.3", []));

        Assert.Equal("TransactionUID", empty.ParamName);
        Assert.Equal("ReferencedSOPSequence", none.ParamName);
    }

    [Fact]
    public void ToRequest_NamesTheSopClassAndEventOrActionTypeOfTheAccessor()
    {
        var action = StorageCommitmentRequest.Create("1.2.3", [StorageCommitmentRequest.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.1")])
            .ToRequest(WellKnownSopInstance.StorageCommitmentPushModel);
        var report = StorageCommitmentSuccessful.Create("1.2.3", [StorageCommitmentSuccessful.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.1")])
            .ToRequest(WellKnownSopInstance.StorageCommitmentPushModel);

        Assert.Equal((SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", (ushort)1), (action.SopClassUid, action.SopInstanceUid, action.ActionTypeId));
        Assert.Equal((SopClass.StorageCommitmentPushModel, (ushort)1), (report.SopClassUid, report.EventTypeId));
    }

    [Fact]
    public async Task WhatABuilderSends_IsWhatAHandlerReads()
    {
        var handlers = new EveryServiceHandlers();
        var request = StorageCommitmentRequest.Create("1.2.3.7", [StorageCommitmentRequest.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.1")]);

        var response = await new DicomTestHost(handlers).SendAsync(request.ToRequest(WellKnownSopInstance.StorageCommitmentPushModel));

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal($"commit 1.2.3.7 1 on {WellKnownSopInstance.StorageCommitmentPushModel}", Assert.Single(handlers.Calls));
    }
}
