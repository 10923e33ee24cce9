using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>C-ECHO-RQ (PS3.7 9.1.5): verification.</summary>
public sealed class CEchoRequest : DimseRequest
{
    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new CEchoRequest Keep() => (CEchoRequest)base.Keep();

    public const string VerificationSopClassUid = "1.2.840.10008.1.1";

    public CEchoRequest(string sopClassUid = VerificationSopClassUid) : base(DimseCommandField.CEchoRequest, sopClassUid, null, null)
    {
    }

    internal CEchoRequest Reset(string sopClassUid)
    {
        ResetReceived(sopClassUid, null, null);
        return this;
    }
}

/// <summary>
/// C-STORE-RQ (PS3.7 9.1.1). SOP Class and Instance UIDs default to the dataset's own. A received instance larger
/// than <see cref="Network.DicomAssociationOptions.CStoreSpoolThreshold"/> arrives spooled to a file: a handler
/// copies it with <see cref="SaveAsPart10Async"/> or <see cref="OpenDataset"/> in bounded memory; reading
/// <see cref="Dataset"/> loads it whole. <see cref="FromFile"/> sends a Part 10 file the same way: its dataset is
/// streamed from the file as it is encoded, never held whole, whatever its size.
/// </summary>
public sealed class CStoreRequest : DimseRequest
{
    private EncodedDataset? _file;
    private DicomDataset? _loaded;
    private string? _moveOriginatorAETitle;
    private ushort? _moveOriginatorMessageId;

    public CStoreRequest(DicomDataset dataset, string? sopClassUid = null, string? sopInstanceUid = null, ushort priority = 0)
        : base(DimseCommandField.CStoreRequest,
            sopClassUid ?? dataset.GetString(DicomTag.SOPClassUID),
            sopInstanceUid ?? dataset.GetString(DicomTag.SOPInstanceUID),
            dataset) => Priority = priority;

    /// <summary>A request whose dataset is already encoded in a file (a received spool file, or a Part 10 file to send).</summary>
    private CStoreRequest(EncodedDataset file, string sopClassUid, string sopInstanceUid, ushort priority)
        : base(DimseCommandField.CStoreRequest, sopClassUid, sopInstanceUid, null)
    {
        _file = file;
        Priority = priority;
    }

    /// <summary>A received request whose dataset was spooled to <paramref name="spoolPath"/>, encoded in <paramref name="transferSyntax"/>.</summary>
    internal CStoreRequest(string spoolPath, DicomTransferSyntax transferSyntax, string sopClassUid, string sopInstanceUid, ushort priority)
        : this(new EncodedDataset(spoolPath, 0, new FileInfo(spoolPath).Length, transferSyntax, IsSpool: true), sopClassUid, sopInstanceUid, priority)
    {
    }

    /// <summary>
    /// A C-STORE of a Part 10 file, sent as it is stored: the dataset is streamed from the file in the file's transfer
    /// syntax (propose a context with that syntax), in pieces of a PDU, so a 2 GiB instance costs a few PDUs of memory.
    /// </summary>
    public static CStoreRequest FromFile(string path, ushort priority = 0)
    {
        var header = DicomFile.ReadHeader(path);
        return new CStoreRequest(new EncodedDataset(Path.GetFullPath(path), header.DatasetOffset, header.DatasetLength, header.TransferSyntax, IsSpool: false),
            header.SopClassUid, header.SopInstanceUid, priority);
    }

    /// <summary>True when the dataset waits in a spool file rather than in memory.</summary>
    public bool IsSpooled => _file is { IsSpool: true };

    /// <summary>The spool file, valid until the request is answered; null when the dataset is in memory.</summary>
    public string? SpoolPath => _file is { IsSpool: true } file ? file.Path : null;

    /// <summary>The dataset as encoded in a file (spooled or sent from a Part 10 file); null for one in memory.</summary>
    internal EncodedDataset? EncodedFile => _file;

    /// <summary>The encoded dataset as a stream: read from its file, or the in-memory dataset encoded in the context's transfer syntax.</summary>
    public Stream OpenDataset() => _file is { } file ? file.Open() : new MemoryStream(Dataset.Encode(TransferSyntax));

    /// <summary>The transfer syntax the dataset is encoded in: its file's, the presentation context's, or Explicit VR Little Endian for one built here.</summary>
    public DicomTransferSyntax TransferSyntax =>
        _file?.TransferSyntax ?? (PresentationContext is { } context ? DicomTransferSyntax.Lookup(context.TransferSyntax) : DicomTransferSyntax.ExplicitVRLittleEndian);

    /// <summary>Writes the instance as a DICOM Part 10 file, copying a spooled dataset in pieces.</summary>
    public async Task SaveAsPart10Async(string path, CancellationToken cancellationToken = default)
    {
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await using var dataset = OpenDataset();
        await DicomFile.WriteAsync(output, SopClassUid, SopInstanceUid ?? string.Empty, TransferSyntax, dataset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>0 medium, 1 high, 2 low (PS3.7 9.1.1.1.9).</summary>
    public ushort Priority { get; private set; }

    public string? MoveOriginatorAETitle { get => _moveOriginatorAETitle; init => _moveOriginatorAETitle = value; }

    public ushort? MoveOriginatorMessageId { get => _moveOriginatorMessageId; init => _moveOriginatorMessageId = value; }

    /// <summary>A C-STORE sub-operation of a C-MOVE names the AE and message it serves (PS3.7 9.1.1.1).</summary>
    internal void SetMoveOriginator(string aeTitle, ushort messageId)
    {
        _moveOriginatorAETitle = aeTitle;
        _moveOriginatorMessageId = messageId;
    }

    /// <summary>Points the request object an association lends at its next received C-STORE held in memory.</summary>
    internal CStoreRequest Reset(DicomDataset dataset, string sopClassUid, string sopInstanceUid, ushort priority, string? moveOriginatorAETitle, ushort? moveOriginatorMessageId)
    {
        ResetReceived(sopClassUid, sopInstanceUid, dataset);
        _file = null;
        _loaded = null;
        Priority = priority;
        _moveOriginatorAETitle = moveOriginatorAETitle;
        _moveOriginatorMessageId = moveOriginatorMessageId;
        return this;
    }

    private protected override bool CarriesDataset => _file is not null || base.Dataset is not null;

    private protected override DicomDataset? KeptDataset() => Dataset.Keep();

    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>); a spooled dataset is read into memory.</summary>
    public new CStoreRequest Keep() => (CStoreRequest)base.Keep();

    /// <summary>The dataset; one in a file is read on first use, whole.</summary>
    public new DicomDataset Dataset => base.Dataset ?? (_loaded ??= _file!.Load());

    private protected override void AddFields(DimseCommand command)
    {
        command.Priority = Priority;
        command.MoveOriginatorAETitle = MoveOriginatorAETitle;
        command.MoveOriginatorMessageId = MoveOriginatorMessageId;
    }
}

/// <summary>N-EVENT-REPORT-RQ (PS3.7 10.1.1): an SCP tells an SCU that an event happened.</summary>
public sealed class NEventReportRequest : DimseRequest
{
    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new NEventReportRequest Keep() => (NEventReportRequest)base.Keep();

    public NEventReportRequest(string sopClassUid, string sopInstanceUid, ushort eventTypeId, DicomDataset? eventInformation = null)
        : base(DimseCommandField.NEventReportRequest, sopClassUid, sopInstanceUid, eventInformation) => EventTypeId = eventTypeId;

    public ushort EventTypeId { get; private set; }

    internal NEventReportRequest Reset(string sopClassUid, string sopInstanceUid, ushort eventTypeId, DicomDataset? eventInformation)
    {
        ResetReceived(sopClassUid, sopInstanceUid, eventInformation);
        EventTypeId = eventTypeId;
        return this;
    }

    /// <summary>The Event Information dataset. A received one decodes on first use and throws there if malformed.</summary>
    public DicomDataset? EventInformation => Dataset;

    private protected override void AddFields(DimseCommand command) => command.EventTypeId = EventTypeId;

    internal override void AddResponseFields(DimseCommand response) => response.EventTypeId = EventTypeId;
}

/// <summary>N-ACTION-RQ (PS3.7 10.1.4).</summary>
public sealed class NActionRequest : DimseRequest
{
    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new NActionRequest Keep() => (NActionRequest)base.Keep();

    public NActionRequest(string sopClassUid, string sopInstanceUid, ushort actionTypeId, DicomDataset? actionInformation = null)
        : base(DimseCommandField.NActionRequest, sopClassUid, sopInstanceUid, actionInformation) => ActionTypeId = actionTypeId;

    public ushort ActionTypeId { get; private set; }

    internal NActionRequest Reset(string sopClassUid, string sopInstanceUid, ushort actionTypeId, DicomDataset? actionInformation)
    {
        ResetReceived(sopClassUid, sopInstanceUid, actionInformation);
        ActionTypeId = actionTypeId;
        return this;
    }

    public DicomDataset? ActionInformation => Dataset;

    private protected override bool UsesRequestedUids => true;

    private protected override void AddFields(DimseCommand command) => command.ActionTypeId = ActionTypeId;

    internal override void AddResponseFields(DimseCommand response) => response.ActionTypeId = ActionTypeId;
}

/// <summary>N-GET-RQ (PS3.7 10.1.2). An empty attribute list asks for all attributes.</summary>
public sealed class NGetRequest : DimseRequest
{
    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new NGetRequest Keep() => (NGetRequest)base.Keep();

    public NGetRequest(string sopClassUid, string sopInstanceUid, IReadOnlyList<DicomTag>? attributeIdentifierList = null)
        : base(DimseCommandField.NGetRequest, sopClassUid, sopInstanceUid, null) =>
        AttributeIdentifierList = attributeIdentifierList ?? [];

    public IReadOnlyList<DicomTag> AttributeIdentifierList { get; private set; }

    internal NGetRequest Reset(string sopClassUid, string sopInstanceUid, IReadOnlyList<DicomTag>? attributeIdentifierList)
    {
        ResetReceived(sopClassUid, sopInstanceUid, null);
        AttributeIdentifierList = attributeIdentifierList ?? [];
        return this;
    }

    private protected override bool UsesRequestedUids => true;

    private protected override void AddFields(DimseCommand command) =>
        command.AttributeIdentifierList = AttributeIdentifierList.Count == 0 ? null : [.. AttributeIdentifierList];
}

/// <summary>N-SET-RQ (PS3.7 10.1.3).</summary>
public sealed class NSetRequest : DimseRequest
{
    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new NSetRequest Keep() => (NSetRequest)base.Keep();

    public NSetRequest(string sopClassUid, string sopInstanceUid, DicomDataset modificationList)
        : base(DimseCommandField.NSetRequest, sopClassUid, sopInstanceUid, modificationList)
    {
    }

    public DicomDataset ModificationList => Dataset!;

    internal NSetRequest Reset(string sopClassUid, string sopInstanceUid, DicomDataset modificationList)
    {
        ResetReceived(sopClassUid, sopInstanceUid, modificationList);
        return this;
    }

    private protected override bool UsesRequestedUids => true;
}

/// <summary>N-CREATE-RQ (PS3.7 10.1.5). The SOP Instance UID may be left to the SCP.</summary>
public sealed class NCreateRequest : DimseRequest
{
    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new NCreateRequest Keep() => (NCreateRequest)base.Keep();

    public NCreateRequest(string sopClassUid, string? sopInstanceUid = null, DicomDataset? attributeList = null)
        : base(DimseCommandField.NCreateRequest, sopClassUid, sopInstanceUid, attributeList)
    {
    }

    public DicomDataset? AttributeList => Dataset;

    internal NCreateRequest Reset(string sopClassUid, string? sopInstanceUid, DicomDataset? attributeList)
    {
        ResetReceived(sopClassUid, sopInstanceUid, attributeList);
        return this;
    }
}

/// <summary>N-DELETE-RQ (PS3.7 10.1.6).</summary>
public sealed class NDeleteRequest : DimseRequest
{
    /// <summary>A copy that stays valid after the handler returns (see <see cref="DimseRequest.Keep"/>).</summary>
    public new NDeleteRequest Keep() => (NDeleteRequest)base.Keep();

    public NDeleteRequest(string sopClassUid, string sopInstanceUid)
        : base(DimseCommandField.NDeleteRequest, sopClassUid, sopInstanceUid, null)
    {
    }

    internal NDeleteRequest Reset(string sopClassUid, string sopInstanceUid)
    {
        ResetReceived(sopClassUid, sopInstanceUid, null);
        return this;
    }

    private protected override bool UsesRequestedUids => true;
}
