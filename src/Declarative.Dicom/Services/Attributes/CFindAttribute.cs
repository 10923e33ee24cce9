namespace Declarative.Dicom;

/// <summary>
/// Marks a method of a partial class as the handler of C-FIND requests (PS3.7 9.1.2) of a query information model
/// (Patient or Study Root Query/Retrieve, Modality Worklist, UPS, …). The method streams its matches: it returns
/// <c>IAsyncEnumerable&lt;DicomDataset&gt;</c> and may take the <see cref="CFindRequest"/>, its <see cref="DicomQuery"/>
/// and a <see cref="System.Threading.CancellationToken"/>, which a C-CANCEL, a release or an abort cancels. Each match
/// is sent as one pending response, projected onto the keys the query asked for, as it is produced.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CFindAttribute : Attribute
{
    public CFindAttribute(string sopClassUid) => SopClassUid = sopClassUid;

    public string SopClassUid { get; }
}
