using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>
/// C-FIND-RQ (PS3.7 9.1.2): a query of an information model (Patient or Study Root Q/R, Modality Worklist, UPS, …). Its
/// dataset is the Identifier; <see cref="Query"/> reads it as PS3.4 C.2.2 does. A handler answers with a stream of matches,
/// each sent as one pending response; a C-CANCEL for it cancels the handler's token.
/// </summary>
public sealed class CFindRequest : DimseRequest
{
    private DicomQuery? _query;

    public CFindRequest(string sopClassUid, DicomDataset identifier, ushort priority = 0)
        : base(DimseCommandField.CFindRequest, sopClassUid, null, identifier) => Priority = priority;

    /// <summary>0 medium, 1 high, 2 low (PS3.7 9.1.2.1).</summary>
    public ushort Priority { get; private set; }

    /// <summary>The Identifier: the keys to match and to return.</summary>
    public DicomDataset Identifier => Dataset ?? throw new InvalidOperationException("A C-FIND request carries an Identifier.");

    /// <summary>The Identifier as a query (matching, projection); lent with the request, like its dataset.</summary>
    public DicomQuery Query => _query ??= new DicomQuery(Identifier);

    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new CFindRequest Keep() => (CFindRequest)base.Keep();

    internal CFindRequest Reset(string sopClassUid, DicomDataset identifier, ushort priority)
    {
        ResetReceived(sopClassUid, null, identifier);
        Priority = priority;
        _query = null;
        return this;
    }

    private protected override void AddFields(DimseCommand command) => command.Priority = Priority;
}
