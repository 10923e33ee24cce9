namespace Declarative.Dicom.Network.Dimse;

/// <summary>Command Field (0000,0100) values of PS3.7 Annex E.</summary>
public enum DimseCommandField : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CGetRequest = 0x0010,
    CGetResponse = 0x8010,
    CFindRequest = 0x0020,
    CFindResponse = 0x8020,
    CMoveRequest = 0x0021,
    CMoveResponse = 0x8021,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
    NEventReportRequest = 0x0100,
    NEventReportResponse = 0x8100,
    NGetRequest = 0x0110,
    NGetResponse = 0x8110,
    NSetRequest = 0x0120,
    NSetResponse = 0x8120,
    NActionRequest = 0x0130,
    NActionResponse = 0x8130,
    NCreateRequest = 0x0140,
    NCreateResponse = 0x8140,
    NDeleteRequest = 0x0150,
    NDeleteResponse = 0x8150,
    CCancelRequest = 0x0FFF,
}

public static class DimseCommandFieldExtensions
{
    public static bool IsResponse(this DimseCommandField field) => ((ushort)field & 0x8000) != 0;

    /// <summary>N-services answer an unknown SOP class with 0x0118, C-services with 0x0122 (PS3.7 C.4).</summary>
    public static bool IsNormalized(this DimseCommandField field) => ((ushort)field & 0x0100) != 0;

    public static DimseCommandField ResponseOf(this DimseCommandField request) => (DimseCommandField)((ushort)request | 0x8000);

    /// <summary>The DIMSE service a request belongs to, as the catalogue names it; null for a response or an unknown command.</summary>
    public static Catalogue.DimseService? ServiceOf(this DimseCommandField field) => field switch
    {
        DimseCommandField.NEventReportRequest => Catalogue.DimseService.NEventReport,
        DimseCommandField.NActionRequest => Catalogue.DimseService.NAction,
        DimseCommandField.NGetRequest => Catalogue.DimseService.NGet,
        DimseCommandField.NSetRequest => Catalogue.DimseService.NSet,
        DimseCommandField.NCreateRequest => Catalogue.DimseService.NCreate,
        DimseCommandField.NDeleteRequest => Catalogue.DimseService.NDelete,
        DimseCommandField.CEchoRequest => Catalogue.DimseService.CEcho,
        DimseCommandField.CStoreRequest => Catalogue.DimseService.CStore,
        DimseCommandField.CFindRequest => Catalogue.DimseService.CFind,
        DimseCommandField.CMoveRequest => Catalogue.DimseService.CMove,
        DimseCommandField.CGetRequest => Catalogue.DimseService.CGet,
        _ => null,
    };

    /// <summary>"N-EVENT-REPORT-RQ", the standard's name, for logs.</summary>
    public static string ToDisplayName(this DimseCommandField field) =>
        (field.MessageName() ?? $"command 0x{(ushort)field & 0x7FFF:X4}") + (field.IsResponse() ? "-RSP" : "-RQ");

    /// <summary>"N-EVENT-REPORT" for the request and its response alike, a constant string (metrics and traces tag with it); null for a command PS3.7 does not define.</summary>
    internal static string? MessageName(this DimseCommandField field) => ((ushort)field & 0x7FFF) switch
    {
        0x0001 => "C-STORE",
        0x0010 => "C-GET",
        0x0020 => "C-FIND",
        0x0021 => "C-MOVE",
        0x0030 => "C-ECHO",
        0x0100 => "N-EVENT-REPORT",
        0x0110 => "N-GET",
        0x0120 => "N-SET",
        0x0130 => "N-ACTION",
        0x0140 => "N-CREATE",
        0x0150 => "N-DELETE",
        0x0FFF => "C-CANCEL",
        _ => null,
    };
}
