namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of N-CREATE requests (PS3.7 10.1.5): the peer asks us to create a SOP instance. A method may carry several of these, one per SOP class.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class NCreateAttribute : Attribute
{
    public NCreateAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    public string SopClassUid { get; }
}
