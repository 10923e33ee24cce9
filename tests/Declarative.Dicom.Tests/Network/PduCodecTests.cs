using Declarative.Dicom.Data;
using Declarative.Dicom.Network.UpperLayer;

namespace Declarative.Dicom.Tests.Network;

public class PduCodecTests
{
    [Fact]
    public void AssociateRequest_RoundTripsEveryItem()
    {
        var request = new AssociateRequestPdu("CALLED", "CALLING", "1.2.840.10008.3.1.1.1",
            [new PresentationContextProposal(1, "1.2.840.10008.1.20.1", ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]),
             new PresentationContextProposal(3, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
            new UserInformation
            {
                MaximumLength = 16384,
                ImplementationClassUid = "1.2.3.4.5",
                ImplementationVersionName = "TEST_1",
                AsynchronousOperationsWindow = (2, 3),
                RoleSelections = [new RoleSelection("1.2.840.10008.1.20.1", false, true)],
                ExtendedNegotiations = [new ExtendedNegotiation("1.2.840.10008.1.1", [1, 0, 1])],
                UserIdentity = new UserIdentityRequest(2, true, "user"u8.ToArray(), "secret"u8.ToArray()),
            });

        var parsed = (AssociateRequestPdu)RoundTrip(request);

        Assert.Equal("CALLED", parsed.CalledAETitle);
        Assert.Equal("CALLING", parsed.CallingAETitle);
        Assert.Equal(2, parsed.PresentationContexts.Count);
        Assert.Equal(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"], parsed.PresentationContexts[0].TransferSyntaxes);
        var info = parsed.UserInformation;
        Assert.Equal(16384u, info.MaximumLength);
        Assert.Equal("TEST_1", info.ImplementationVersionName);
        Assert.Equal(((ushort)2, (ushort)3), info.AsynchronousOperationsWindow);
        Assert.Equal(new RoleSelection("1.2.840.10008.1.20.1", false, true), Assert.Single(info.RoleSelections));
        Assert.Equal(new byte[] { 1, 0, 1 }, Assert.Single(info.ExtendedNegotiations).ApplicationInformation);
        Assert.Equal("secret"u8.ToArray(), info.UserIdentity!.SecondaryField);
    }

    [Fact]
    public void AssociateRequest_HeaderIsThePs38Layout()
    {
        var bytes = Encode(ScriptedPeer.AssociateRequest("ORTHANC"));

        Assert.Equal(0x01, bytes[0]);
        Assert.Equal((uint)(bytes.Length - 6), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2)));
        Assert.Equal(new byte[] { 0x00, 0x01 }, bytes[6..8]);
        Assert.Equal("ORTHANC         "u8.ToArray(), bytes[10..26]);
        Assert.Equal("SCRIPTED        "u8.ToArray(), bytes[26..42]);
        Assert.All(bytes[42..74], b => Assert.Equal(0, b));
        Assert.Equal(0x10, bytes[74]);
    }

    [Fact]
    public void FixedPdus_HaveTheirExactBytes()
    {
        Assert.Equal(new byte[] { 0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6 }, Encode(new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue)));
        Assert.Equal(new byte[] { 0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0 }, Encode(new ReleaseRequestPdu()));
        Assert.Equal(new byte[] { 0x03, 0, 0, 0, 0, 4, 0, 1, 1, 7 }, Encode(new AssociateRejectPdu(RejectResult.Permanent, RejectSource.ServiceUser, 7)));
    }

    [Fact]
    public void PData_MessageControlHeader_MarksCommandAndLast()
    {
        var bytes = Encode(new PDataTfPdu([new PresentationDataValue(5, true, true, new byte[] { 9 }), new PresentationDataValue(5, false, false, new byte[] { 8, 7 })]));

        Assert.Equal(new byte[] { 0x04, 0, 0, 0, 0, 15, 0, 0, 0, 3, 5, 0x03, 9, 0, 0, 0, 4, 5, 0x00, 8, 7 }, bytes);
        var parsed = PduParser.ParsePData(bytes.AsMemory(6));
        Assert.True(parsed.Values[0].IsCommand && parsed.Values[0].IsLastFragment);
        Assert.False(parsed.Values[1].IsCommand || parsed.Values[1].IsLastFragment);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 1, 1 }, "truncated PDV")]
    [InlineData(new byte[] { 0, 0, 0, 9, 1, 3, 0 }, "does not fit")]
    [InlineData(new byte[] { 0, 0, 0, 1, 1, 3 }, "PDV item length 1")]
    [InlineData(new byte[0], "no presentation data value")]
    public void MalformedPData_IsAnInvalidParameterValue(byte[] body, string message)
    {
        var error = Assert.Throws<PduException>(() => PduParser.ParsePData(body));
        Assert.Equal(AbortReason.InvalidPduParameterValue, error.Reason);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ItemLongerThanItsPdu_IsAnInvalidParameterValue()
    {
        var bytes = Encode(ScriptedPeer.AssociateRequest("X"));
        bytes[76] = 0xFF; // application context item length, high byte
        var error = Assert.Throws<PduException>(() => PduParser.Parse(PduType.AssociateRequest, bytes.AsMemory(6)));
        Assert.Equal(AbortReason.InvalidPduParameterValue, error.Reason);
    }

    [Fact]
    public void PresentationContextWithoutTransferSyntax_IsRefused()
    {
        var request = ScriptedPeer.AssociateRequest("X", new PresentationContextProposal(1, "1.2.840.10008.1.1", []));
        var error = Assert.Throws<PduException>(() => PduParser.Parse(PduType.AssociateRequest, Encode(request).AsMemory(6)));
        Assert.Contains("lacks an abstract syntax or a transfer syntax", error.Message);
    }

    [Fact]
    public void UnknownItems_AreSkipped()
    {
        var bytes = Encode(ScriptedPeer.AssociateRequest("X", new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]))).ToList();
        bytes.AddRange(new byte[] { 0x77, 0, 0, 2, 0xAB, 0xCD }); // an item type no edition defines
        var body = bytes.ToArray().AsMemory(6);

        var parsed = (AssociateRequestPdu)PduParser.Parse(PduType.AssociateRequest, body);

        Assert.Single(parsed.PresentationContexts);
    }

    private static byte[] Encode(Pdu pdu)
    {
        var buffer = new ByteBuffer();
        PduWriter.Write(buffer, pdu);
        return buffer.ToArray();
    }

    private static Pdu RoundTrip(Pdu pdu)
    {
        var bytes = Encode(pdu);
        return PduParser.Parse((PduType)bytes[0], bytes.AsMemory(6));
    }
}
