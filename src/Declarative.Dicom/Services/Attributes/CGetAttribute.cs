namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of C-GET requests (PS3.7 9.1.3) of a retrieve information model. The
/// method names the instances to send, as a [CMove] handler does; the framework sends each back to the requestor on the
/// same association, in the storage contexts it proposed with the SCP role (the generated contexts accept every storage
/// SOP class so), and reports the counts. An instance whose class the requestor did not propose so fails, with a log line
/// that says why.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CGetAttribute : Attribute
{
    public CGetAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    public string SopClassUid { get; }
}
