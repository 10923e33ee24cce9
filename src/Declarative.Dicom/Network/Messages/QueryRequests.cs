using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>
/// A request whose dataset is an Identifier of a query/retrieve information model: C-FIND, C-MOVE, C-GET (PS3.7 9.1.2–9.1.4).
/// <see cref="Query"/> reads the Identifier as PS3.4 C.2.2 does. Its handler streams (matches, or instances to send), and a
/// C-CANCEL naming it cancels the handler's token.
/// </summary>
public abstract class QueryRequest : DimseRequest
{
    private DicomQuery? _query;

    private protected QueryRequest(DimseCommandField commandField, string sopClassUid, DicomDataset identifier, ushort priority)
        : base(commandField, sopClassUid, null, identifier) => Priority = priority;

    /// <summary>0 medium, 1 high, 2 low (PS3.7 9.1.2.1.4).</summary>
    public ushort Priority { get; private set; }

    /// <summary>The Identifier: the keys to match and to return.</summary>
    public DicomDataset Identifier => Dataset ?? throw new InvalidOperationException($"A {CommandField.ToDisplayName()} carries an Identifier.");

    /// <summary>The Identifier as a query (matching, projection); lent with the request, like its dataset.</summary>
    public DicomQuery Query => _query ??= new DicomQuery(Identifier);

    private protected void ResetQuery(string sopClassUid, DicomDataset identifier, ushort priority)
    {
        ResetReceived(sopClassUid, null, identifier);
        Priority = priority;
        _query = null;
    }

    private protected override void AddFields(DimseCommand command) => command.Priority = Priority;
}

/// <summary>
/// C-FIND-RQ (PS3.7 9.1.2): a query of an information model (Patient or Study Root Q/R, Modality Worklist, UPS, …). A handler
/// answers with a stream of matches, each sent as one pending response; a C-CANCEL for it cancels the handler's token.
/// </summary>
public sealed class CFindRequest : QueryRequest
{
    public CFindRequest(string sopClassUid, DicomDataset identifier, ushort priority = 0)
        : base(DimseCommandField.CFindRequest, sopClassUid, identifier, priority)
    {
    }

    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new CFindRequest Keep() => (CFindRequest)base.Keep();

    internal CFindRequest Reset(string sopClassUid, DicomDataset identifier, ushort priority)
    {
        ResetQuery(sopClassUid, identifier, priority);
        return this;
    }
}

/// <summary>
/// C-MOVE-RQ (PS3.7 9.1.4): send the instances the Identifier selects to <see cref="MoveDestination"/>, an AE the SCP knows,
/// on an association of their own. A handler answers with the instances to send; the framework performs the C-STORE
/// sub-operations and reports their counts.
/// </summary>
public sealed class CMoveRequest : QueryRequest
{
    public CMoveRequest(string sopClassUid, DicomDataset identifier, string moveDestination, ushort priority = 0)
        : base(DimseCommandField.CMoveRequest, sopClassUid, identifier, priority) => MoveDestination = moveDestination;

    /// <summary>The AE title of the Storage SCP the instances go to (0000,0600).</summary>
    public string MoveDestination { get; private set; }

    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new CMoveRequest Keep() => (CMoveRequest)base.Keep();

    internal CMoveRequest Reset(string sopClassUid, DicomDataset identifier, string moveDestination, ushort priority)
    {
        ResetQuery(sopClassUid, identifier, priority);
        MoveDestination = moveDestination;
        return this;
    }

    private protected override void AddFields(DimseCommand command)
    {
        base.AddFields(command);
        command.MoveDestination = MoveDestination;
    }
}

/// <summary>
/// C-GET-RQ (PS3.7 9.1.3): send the instances the Identifier selects back to the requestor, as C-STOREs on the same
/// association, in the presentation contexts it proposed with the SCP role (PS3.4 C.4.3). A handler answers with the
/// instances to send; the framework performs the sub-operations and reports their counts.
/// </summary>
public sealed class CGetRequest : QueryRequest
{
    public CGetRequest(string sopClassUid, DicomDataset identifier, ushort priority = 0)
        : base(DimseCommandField.CGetRequest, sopClassUid, identifier, priority)
    {
    }

    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new CGetRequest Keep() => (CGetRequest)base.Keep();

    internal CGetRequest Reset(string sopClassUid, DicomDataset identifier, ushort priority)
    {
        ResetQuery(sopClassUid, identifier, priority);
        return this;
    }
}
