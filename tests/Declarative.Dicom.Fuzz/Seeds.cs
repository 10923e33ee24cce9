using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.Dimse;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Fuzz;

/// <summary>The seed corpus: well-formed inputs of each target, written by our own encoders (`seed` writes them to corpus/).</summary>
internal static class Seeds
{
    public static IEnumerable<(string Target, string Name, byte[] Bytes)> All()
    {
        foreach (var (name, pdu) in Pdus())
        {
            var buffer = new ByteBuffer();
            PduWriter.Write(buffer, pdu);
            var bytes = buffer.ToArray();
            yield return ("pdu", name, [bytes[0], .. bytes[6..]]); // type, then the body (the reader strips the 6-byte header)
        }

        foreach (var (name, header) in ProxyHeaders())
        {
            yield return ("proxy", name, header);
        }

        foreach (var (name, command) in Commands())
        {
            var buffer = new ByteBuffer();
            DimseCommandCodec.Encode(buffer, command);
            yield return ("command", name, buffer.ToArray());
        }

        foreach (var (name, body) in UpsRsBodies())
        {
            yield return ("upsrs", name, System.Text.Encoding.UTF8.GetBytes($"[{DicomJsonWriter.Write(body)}]"));
        }

        foreach (var (name, report) in UpsEvents())
        {
            yield return ("upsevent", name, System.Text.Encoding.UTF8.GetBytes(Web.UpsEventFrame.Write(report, 7)));
        }

        foreach (var (name, dataset) in Datasets())
        {
            yield return ("dataset", name + "-implicit", [0, .. dataset.Encode(DicomTransferSyntax.ImplicitVRLittleEndian)]);
            yield return ("dataset", name + "-explicit", [1, .. dataset.Encode(DicomTransferSyntax.ExplicitVRLittleEndian)]);
            yield return ("dataset", name + "-deflated", [2, .. dataset.Encode(DicomTransferSyntax.DeflatedExplicitVRLittleEndian)]);
            yield return ("json", name, System.Text.Encoding.UTF8.GetBytes(DicomJsonWriter.Write(dataset)));
        }
    }

    /// <summary>PROXY protocol v2 headers as HAProxy sends them: TCP over IPv4 and IPv6, LOCAL (its health check), UNIX, with a TLV.</summary>
    private static IEnumerable<(string, byte[])> ProxyHeaders()
    {
        static byte[] Header(byte command, byte family, byte[] addresses)
        {
            byte[] signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];
            return [.. signature, command, family, (byte)(addresses.Length >> 8), (byte)addresses.Length, .. addresses];
        }

        byte[] ipv4 = [10, 1, 2, 3, 127, 0, 0, 1, 0x9C, 0x40, 0x00, 0x68];
        yield return ("tcp4", Header(0x21, 0x11, ipv4));
        yield return ("tcp4-tlv", Header(0x21, 0x11, [.. ipv4, 0x05, 0x00, 0x04, 0x61, 0x62, 0x63, 0x64]));
        yield return ("tcp6", Header(0x21, 0x21, [.. new byte[15], 1, .. new byte[15], 1, 0x9C, 0x40, 0x00, 0x68]));
        yield return ("local", Header(0x20, 0x00, []));
        yield return ("unix", Header(0x21, 0x31, new byte[216]));
    }

    private static IEnumerable<(string, Pdu)> Pdus()
    {
        var information = new UserInformation
        {
            MaximumLength = 16384, ImplementationClassUid = "1.2.3.4", ImplementationVersionName = "SEED",
            RoleSelections = [new RoleSelection("1.2.840.10008.1.20.1", false, true)],
            AsynchronousOperationsWindow = (2, 3),
            UserIdentity = new UserIdentityRequest(2, true, "user"u8.ToArray(), "pass"u8.ToArray()),
        };
        yield return ("associate-rq", new AssociateRequestPdu("CALLED", "CALLING", AcceptorNegotiation.DicomApplicationContext,
            [new PresentationContextProposal(1, "1.2.840.10008.1.20.1", ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"])], information));
        yield return ("associate-ac", new AssociateAcceptPdu("CALLED", "CALLING", AcceptorNegotiation.DicomApplicationContext,
            [new PresentationContextAnswer(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")], information with { UserIdentity = null, UserIdentityServerResponse = [1, 2] }));
        yield return ("associate-rj", new AssociateRejectPdu(RejectResult.Permanent, RejectSource.ServiceUser, 3));
        yield return ("p-data", new PDataTfPdu([new PresentationDataValue(1, true, true, new byte[] { 1, 2, 3, 4 }), new PresentationDataValue(1, false, false, new byte[] { 5, 6 })]));
        yield return ("release-rq", new ReleaseRequestPdu());
        yield return ("release-rp", new ReleaseResponsePdu());
        yield return ("abort", new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue));
    }

    private static IEnumerable<(string, DimseCommand)> Commands()
    {
        yield return ("c-store-rq", new DimseCommand
        {
            CommandField = DimseCommandField.CStoreRequest, MessageId = 7, AffectedSopClassUid = "1.2.840.10008.5.1.4.1.1.2",
            AffectedSopInstanceUid = "1.2.3.4.5", Priority = 0, HasDataset = true, MoveOriginatorAETitle = "MOVER", MoveOriginatorMessageId = 3,
        });
        yield return ("n-event-report-rq", new DimseCommand
        {
            CommandField = DimseCommandField.NEventReportRequest, MessageId = 8, AffectedSopClassUid = "1.2.840.10008.1.20.1",
            AffectedSopInstanceUid = "1.2.840.10008.1.20.1.1", EventTypeId = 2, HasDataset = true,
        });
        yield return ("n-action-rsp", new DimseCommand
        {
            CommandField = DimseCommandField.NActionResponse, MessageIdBeingRespondedTo = 9, AffectedSopClassUid = "1.2.840.10008.1.20.1",
            Status = 0x0110, ErrorComment = "failed", ErrorId = 0xA710, ActionTypeId = 1,
        });
        yield return ("n-get-rq", new DimseCommand
        {
            CommandField = DimseCommandField.NGetRequest, MessageId = 10, RequestedSopClassUid = "1.2.840.10008.3.1.2.3.3",
            RequestedSopInstanceUid = "1.2.3", AttributeIdentifierList = [DicomTag.PatientName, DicomTag.Modality],
        });
    }

    /// <summary>What UPS-RS requests carry: a workitem to create, a progress update, a state change, a cancellation request.</summary>
    private static IEnumerable<(string, DicomDataset)> UpsRsBodies()
    {
        yield return ("create", new DicomDataset()
            .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
            .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "HIGH").Set(DicomTag.ProcedureStepLabel, "CT head")
            .Set(DicomTag.PatientName, "Doe^Jane").Set(DicomTag.PatientID, "P1")
            .SetSequence(DicomTag.ScheduledStationNameCodeSequence, new DicomDataset().Set(DicomTag.CodeValue, "CT01").Set(DicomTag.CodingSchemeDesignator, "99LOCAL").Set(DicomTag.CodeMeaning, "CT 1")));
        yield return ("progress", new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3.4.5")
            .SetSequence(DicomTag.ProcedureStepProgressInformationSequence, new DicomDataset().Set(DicomTag.ProcedureStepProgress, "50").Set(DicomTag.ProcedureStepProgressDescription, "half")));
        yield return ("state", new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.TransactionUID, "1.2.3.4.5"));
        yield return ("cancel", new DicomDataset().Set(DicomTag.ReasonForCancellation, "patient left").Set(DicomTag.ContactDisplayName, "Ward 7")
            .Set(DicomTag.ContactURI, "tel:+4930123"));
    }

    /// <summary>Event reports as a notification connection carries them: a state report, progress, a cancellation request.</summary>
    private static IEnumerable<(string, NEventReportRequest)> UpsEvents()
    {
        const string Push = "1.2.840.10008.5.1.4.34.6.1";
        yield return ("state", new(Push, "1.2.3.1", 1, new DicomDataset().Set(DicomTag.ProcedureStepState, "IN PROGRESS").Set(DicomTag.InputReadinessState, "READY")));
        yield return ("progress", new(Push, "1.2.3.1", 3, new DicomDataset()
            .SetSequence(DicomTag.ProcedureStepProgressInformationSequence, new DicomDataset().Set(DicomTag.ProcedureStepProgress, "50"))));
        yield return ("cancel-requested", new(Push, "1.2.3.1", 2, new DicomDataset().Set(DicomTag.RequestingAE, "RIS").Set(DicomTag.ReasonForCancellation, "moved")));
    }

    private static IEnumerable<(string, DicomDataset)> Datasets()
    {
        yield return ("commitment", StorageCommitmentFailuresExist.Create("1.2.3.4",
            [StorageCommitmentFailuresExist.FailedSOPSequenceItem.Create("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.1", 0x0112)],
            retrieveAETitle: ["PACS"], referencedSOPSequence: [StorageCommitmentFailuresExist.ReferencedSOPSequenceItem.Create("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.2")]).Dataset);
        yield return ("patient", new DicomDataset()
            .Set(DicomTag.SpecificCharacterSet, "ISO_IR 192").Set(DicomTag.PatientName, "Müller^Jürgen=ミュラー").Set(DicomTag.PatientID, "P1")
            .Set(DicomTag.StudyDate, "20261128").Set<ushort>(DicomTag.Rows, 2).Set<double>(DicomTag.PixelSpacing, 0.5, 0.5)
            .SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 }));
    }
}
