namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of N-SET requests (PS3.7 10.1.3): the peer modifies attributes of a SOP instance we manage. A method may carry several of these, one per SOP class.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class NSetAttribute : Attribute
{
    public NSetAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    public string SopClassUid { get; }
}
