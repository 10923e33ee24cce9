using Declarative.Dicom.Data;
using Declarative.Dicom.Network.Dimse;

namespace Declarative.Dicom;

/// <summary>C-ECHO-RQ (PS3.7 9.1.5): verification.</summary>
public sealed class CEchoRequest : DimseRequest
{
    public const string VerificationSopClassUid = "1.2.840.10008.1.1";

    public CEchoRequest(string sopClassUid = VerificationSopClassUid) : base(DimseCommandField.CEchoRequest, sopClassUid, null, null)
    {
    }
}

/// <summary>C-STORE-RQ (PS3.7 9.1.1). SOP Class and Instance UIDs default to the dataset's own.</summary>
public sealed class CStoreRequest : DimseRequest
{
    public CStoreRequest(DicomDataset dataset, string? sopClassUid = null, string? sopInstanceUid = null, ushort priority = 0)
        : base(DimseCommandField.CStoreRequest,
            sopClassUid ?? dataset.GetString(DicomTag.SOPClassUID),
            sopInstanceUid ?? dataset.GetString(DicomTag.SOPInstanceUID),
            dataset) => Priority = priority;

    /// <summary>0 medium, 1 high, 2 low (PS3.7 9.1.1.1.9).</summary>
    public ushort Priority { get; }

    public string? MoveOriginatorAETitle { get; init; }

    public ushort? MoveOriginatorMessageId { get; init; }

    public new DicomDataset Dataset => base.Dataset!;

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
    public NEventReportRequest(string sopClassUid, string sopInstanceUid, ushort eventTypeId, DicomDataset? eventInformation = null)
        : base(DimseCommandField.NEventReportRequest, sopClassUid, sopInstanceUid, eventInformation) => EventTypeId = eventTypeId;

    public ushort EventTypeId { get; }

    /// <summary>The Event Information dataset. A received one decodes on first use and throws there if malformed.</summary>
    public DicomDataset? EventInformation => Dataset;

    private protected override void AddFields(DimseCommand command) => command.EventTypeId = EventTypeId;

    internal override void AddResponseFields(DimseCommand response) => response.EventTypeId = EventTypeId;
}

/// <summary>N-ACTION-RQ (PS3.7 10.1.4).</summary>
public sealed class NActionRequest : DimseRequest
{
    public NActionRequest(string sopClassUid, string sopInstanceUid, ushort actionTypeId, DicomDataset? actionInformation = null)
        : base(DimseCommandField.NActionRequest, sopClassUid, sopInstanceUid, actionInformation) => ActionTypeId = actionTypeId;

    public ushort ActionTypeId { get; }

    public DicomDataset? ActionInformation => Dataset;

    private protected override bool UsesRequestedUids => true;

    private protected override void AddFields(DimseCommand command) => command.ActionTypeId = ActionTypeId;

    internal override void AddResponseFields(DimseCommand response) => response.ActionTypeId = ActionTypeId;
}

/// <summary>N-GET-RQ (PS3.7 10.1.2). An empty attribute list asks for all attributes.</summary>
public sealed class NGetRequest : DimseRequest
{
    public NGetRequest(string sopClassUid, string sopInstanceUid, IReadOnlyList<DicomTag>? attributeIdentifierList = null)
        : base(DimseCommandField.NGetRequest, sopClassUid, sopInstanceUid, null) =>
        AttributeIdentifierList = attributeIdentifierList ?? [];

    public IReadOnlyList<DicomTag> AttributeIdentifierList { get; }

    private protected override bool UsesRequestedUids => true;

    private protected override void AddFields(DimseCommand command) =>
        command.AttributeIdentifierList = AttributeIdentifierList.Count == 0 ? null : [.. AttributeIdentifierList];
}

/// <summary>N-SET-RQ (PS3.7 10.1.3).</summary>
public sealed class NSetRequest : DimseRequest
{
    public NSetRequest(string sopClassUid, string sopInstanceUid, DicomDataset modificationList)
        : base(DimseCommandField.NSetRequest, sopClassUid, sopInstanceUid, modificationList)
    {
    }

    public DicomDataset ModificationList => Dataset!;

    private protected override bool UsesRequestedUids => true;
}

/// <summary>N-CREATE-RQ (PS3.7 10.1.5). The SOP Instance UID may be left to the SCP.</summary>
public sealed class NCreateRequest : DimseRequest
{
    public NCreateRequest(string sopClassUid, string? sopInstanceUid = null, DicomDataset? attributeList = null)
        : base(DimseCommandField.NCreateRequest, sopClassUid, sopInstanceUid, attributeList)
    {
    }

    public DicomDataset? AttributeList => Dataset;
}

/// <summary>N-DELETE-RQ (PS3.7 10.1.6).</summary>
public sealed class NDeleteRequest : DimseRequest
{
    public NDeleteRequest(string sopClassUid, string sopInstanceUid)
        : base(DimseCommandField.NDeleteRequest, sopClassUid, sopInstanceUid, null)
    {
    }

    private protected override bool UsesRequestedUids => true;
}
