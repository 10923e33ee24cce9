namespace Declarative.Dicom.Network.UpperLayer;

/// <summary>PDU types of PS3.8 section 9.3.1.</summary>
public enum PduType : byte
{
    AssociateRequest = 0x01,
    AssociateAccept = 0x02,
    AssociateReject = 0x03,
    PDataTf = 0x04,
    ReleaseRequest = 0x05,
    ReleaseResponse = 0x06,
    Abort = 0x07,
}
