namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of N-GET requests (PS3.7 10.1.2): the peer reads attributes of a SOP instance we manage. A method may carry several of these, one per SOP class.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class NGetAttribute : Attribute
{
    public NGetAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    public string SopClassUid { get; }
}
