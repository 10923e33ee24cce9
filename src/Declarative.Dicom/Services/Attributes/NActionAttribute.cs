namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of N-ACTION requests (PS3.7 10.1.4) for one SOP class and
/// action type: the peer is the SCU and asks us, the SCP, to act. A method may carry several of these.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class NActionAttribute : Attribute
{
    public NActionAttribute(string sopClassUid, ushort actionTypeId)
    {
        SopClassUid = sopClassUid;
        ActionTypeId = actionTypeId;
    }

    public string SopClassUid { get; }

    public ushort ActionTypeId { get; }
}
