using System.ComponentModel;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Association;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>
/// A DIMSE request (PS3.7 sections 9 and 10): built by a program to send it, or by the network layer
/// from a received command set and its lazily decoded dataset. Lives in the root namespace because
/// handlers take it as a parameter.
/// </summary>
public abstract class DimseRequest
{
    private DatasetAccessor? _accessor;

    private protected DimseRequest(DimseCommandField commandField, string sopClassUid, string? sopInstanceUid, DicomDataset? dataset)
    {
        CommandField = commandField;
        SopClassUid = sopClassUid;
        SopInstanceUid = sopInstanceUid;
        Dataset = dataset;
    }

    public DimseCommandField CommandField { get; }

    // The private setters below serve an association that lends one request object of each kind to the requests it
    // receives, one after the other (ResetReceived).

    /// <summary>Affected or Requested SOP Class UID, whichever the message carries.</summary>
    public string SopClassUid { get; private set; }

    /// <summary>Affected or Requested SOP Instance UID, whichever the message carries.</summary>
    public string? SopInstanceUid { get; private set; }

    /// <summary>Message ID (0000,0110): assigned when sent, as received when received.</summary>
    public ushort MessageId { get; internal set; }

    /// <summary>The dataset that follows the command, if any. A received one is decoded on first use.</summary>
    public DicomDataset? Dataset { get; private set; }

    /// <summary>The association a received request came on; null for a request built to be sent.</summary>
    public DicomAssociationInfo? Association { get; internal set; }

    /// <summary>The presentation context a received request came on.</summary>
    public NegotiatedContext? PresentationContext { get; internal set; }

    /// <summary>
    /// For a request to send: the abstract syntax of the context it goes on, when that is not its own SOP class. A UPS event
    /// names UPS Push as its Affected SOP Class but goes on a UPS Event context (PS3.4 CC.3.1); null: the request's own.
    /// </summary>
    public string? ContextSopClassUid { get; init; }

    /// <summary>The association's logger, so that what generated handlers decide about a request is logged with it.</summary>
    internal Microsoft.Extensions.Logging.ILogger? Log { get; set; }

    /// <summary>Whether a dataset follows the command: one in memory, or (C-STORE) one encoded in a file.</summary>
    private protected virtual bool CarriesDataset => Dataset is not null;

    /// <summary>True for requests whose SOP class and instance go in the Requested rather than the Affected fields.</summary>
    private protected virtual bool UsesRequestedUids => false;

    /// <summary>Points a request object the association lent before at the next received request of its kind.</summary>
    private protected void ResetReceived(string sopClassUid, string? sopInstanceUid, DicomDataset? dataset)
    {
        SopClassUid = sopClassUid;
        SopInstanceUid = sopInstanceUid;
        Dataset = dataset;
        MessageId = 0;
        Association = null;
        PresentationContext = null;
        Log = null;
        ConcurrencyAllowed = false;
        OutlivedDeadline = false;
    }

    /// <summary>
    /// Lets the association serve the requests that follow while this request's handler is still running (what
    /// <see cref="ConcurrentHandlerAttribute"/> makes the generated dispatch do; a hand-written
    /// <see cref="Network.IDicomServiceHandler"/> calls it before it first awaits). Takes effect only on an association
    /// with an asynchronous operations window.
    /// </summary>
    public void AllowConcurrency() => ConcurrencyAllowed = true;

    /// <summary>Whether the handler of this received request may overlap the association's next requests.</summary>
    internal bool ConcurrencyAllowed { get; private set; }

    /// <summary>Set when a handler that ran detached was answered for at its deadline: it may still be reading what it was lent.</summary>
    internal bool OutlivedDeadline { get; set; }

    /// <summary>
    /// The typed accessor a generated handler passes for this request's dataset: one per request object, which
    /// an association lends again to its next request of the kind, so serving a request does not allocate one.
    /// Lent like the request itself (see <see cref="Keep"/>).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TAccessor AccessorFor<TAccessor>(Func<DicomDataset, TAccessor> create) where TAccessor : DatasetAccessor
    {
        var dataset = Dataset ?? new DicomDataset();
        if (_accessor is TAccessor lent)
        {
            lent.Rebind(dataset);
            return lent;
        }

        var made = create(dataset);
        _accessor = made;
        return made;
    }

    internal DimseCommand ToCommand(ushort messageId) => WriteCommand(new DimseCommand(), messageId);

    /// <summary>
    /// A copy of the request that stays valid after the handler returns: what a handler receives (the request, its
    /// dataset, its accessors) is lent to it for the duration of the call, and the runtime may reuse it afterwards.
    /// A handler that stores a request keeps this instead (analyzer DCM1007 points out the places; its fix inserts
    /// the call). The copy has its own dataset (a spooled C-STORE's is read into memory) and the same association facts.
    /// </summary>
    public DimseRequest Keep()
    {
        var kept = DimseRequestFactory.Create(ToCommand(MessageId), KeptDataset())
            ?? throw new InvalidOperationException($"{CommandField.ToDisplayName()} cannot be kept.");
        kept.Association = Association;
        kept.PresentationContext = PresentationContext;
        return kept;
    }

    /// <summary>The dataset a kept copy carries: its own copy of this one's.</summary>
    private protected virtual DicomDataset? KeptDataset() => Dataset?.Keep();

    /// <summary>Fills <paramref name="command"/> (cleared first: associations reuse one per message sent).</summary>
    internal DimseCommand WriteCommand(DimseCommand command, ushort messageId)
    {
        command.Clear();
        command.CommandField = CommandField;
        command.MessageId = messageId;
        command.HasDataset = CarriesDataset;
        if (UsesRequestedUids)
        {
            command.RequestedSopClassUid = SopClassUid;
            command.RequestedSopInstanceUid = SopInstanceUid;
        }
        else
        {
            command.AffectedSopClassUid = SopClassUid;
            command.AffectedSopInstanceUid = SopInstanceUid;
        }

        AddFields(command);
        return command;
    }

    /// <summary>Adds the message's own command fields (event type, action type, priority, …).</summary>
    private protected virtual void AddFields(DimseCommand command)
    {
    }

    /// <summary>Copies the message's own fields into the response command (event and action type are echoed).</summary>
    internal virtual void AddResponseFields(DimseCommand response)
    {
    }

    public override string ToString() => $"{CommandField.ToDisplayName()} message {MessageId} for {DicomUidDictionary.Describe(SopClassUid)}";
}
