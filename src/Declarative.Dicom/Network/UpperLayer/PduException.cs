namespace Declarative.Dicom.Network.UpperLayer;

/// <summary>
/// A received PDU is malformed. Carries the A-ABORT reason to send (PS3.8 Table 9-26), so that the
/// state machine answers with the reason that names the fault.
/// </summary>
public sealed class PduException : Exception
{
    public PduException(AbortReason reason, string message) : base(message) => Reason = reason;

    public AbortReason Reason { get; }
}
