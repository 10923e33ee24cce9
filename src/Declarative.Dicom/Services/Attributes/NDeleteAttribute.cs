namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of N-DELETE requests (PS3.7 10.1.6): the peer deletes a SOP instance we manage. A method may carry several of these, one per SOP class.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class NDeleteAttribute : Attribute
{
    public NDeleteAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    public string SopClassUid { get; }
}
