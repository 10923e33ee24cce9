namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of C-MOVE requests (PS3.7 9.1.4) of a retrieve information model
/// (Patient or Study Root Query/Retrieve, Composite Instance Root, …). The method names the instances to send: it returns
/// <c>IAsyncEnumerable&lt;CStoreRequest&gt;</c> (<see cref="CStoreRequest.FromFile"/> streams each from its file) and may take
/// the <see cref="CMoveRequest"/>, its <see cref="DicomQuery"/> and a <see cref="System.Threading.CancellationToken"/>. The
/// framework finds the destination in <see cref="Network.DicomServerOptions.MoveDestinations"/> (0xA801 otherwise), sends
/// each instance there, and reports the counts.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CMoveAttribute : Attribute
{
    public CMoveAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    public string SopClassUid { get; }
}
