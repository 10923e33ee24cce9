using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Conformance;

/// <summary>
/// The networking part of a DICOM Conformance Statement (PS3.2 Annex A): the SOP classes an application serves or
/// uses, in which role, with which event and action types, the statuses it may answer with, the transfer syntaxes
/// and the limits in force. Built from the handlers' generated HandledOperations and the options the server runs
/// with, so it says what the code does rather than what someone remembered to write.
/// </summary>
public sealed record ConformanceStatement(
    string Application,
    string ImplementationClassUid,
    string ImplementationVersionName,
    IReadOnlyList<SopClassConformance> SopClasses,
    IReadOnlyList<TransferSyntaxConformance> TransferSyntaxes,
    IReadOnlyList<LimitConformance> Limits)
{
    /// <summary>The statement for an application whose handler classes declare <paramref name="operations"/>.</summary>
    public static ConformanceStatement From(string application, IEnumerable<HandledOperation> operations, DicomServerOptions? options = null)
    {
        options ??= new DicomServerOptions();
        var sopClasses = operations
            .GroupBy(o => o.SopClassUid)
            .Select(g => SopClassOf(g.Key, g.ToList()))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var transferSyntaxes = PresentationContextPolicy.DefaultTransferSyntaxes
            .Select(uid => new TransferSyntaxConformance(uid, DicomUidDictionary.Lookup(uid)?.Keyword ?? uid))
            .ToList();
        return new ConformanceStatement(application, DicomImplementation.ClassUid, DicomImplementation.VersionName, sopClasses, transferSyntaxes,
            LimitsOf(options, sopClasses.Any(s => s.Messages.Any(m => m.ConcurrentHandlers is { Count: > 0 }))));
    }

    private static SopClassConformance SopClassOf(string uid, List<HandledOperation> operations)
    {
        var everyStorage = uid.Length == 0;
        var name = everyStorage ? "Every SOP class of the Storage Service Class" : DicomUidDictionary.Lookup(uid)?.Keyword ?? uid;
        var messages = operations
            .GroupBy(o => o.Service)
            .OrderBy(g => g.Key)
            .Select(g => MessageOf(uid, g.Key, g.ToList()))
            .ToList();
        var uids = everyStorage ? ServiceClassCatalogue.StorageSopClassUids : [uid];
        return new SopClassConformance(uid, name, uids, messages);
    }

    private static MessageConformance MessageOf(string uid, DimseService service, List<HandledOperation> operations)
    {
        // N-EVENT-REPORT handlers receive reports: the application is the SCU of the SOP class, the peer its SCP.
        var role = service == DimseService.NEventReport ? "SCU" : "SCP";
        var sop = uid.Length == 0 ? null : ServiceClassCatalogue.FindSopClass(uid);
        var types = service is DimseService.NEventReport or DimseService.NAction
            ? operations.Select(o => new OperationTypeConformance(o.TypeId, NameOf(sop, service, o.TypeId), o.Method)).OrderBy(t => t.Id).ToList()
            : [];
        var judgedBy = uid.Length == 0 ? ServiceClassCatalogue.StorageSopClassUids.FirstOrDefault() ?? uid : uid;
        var statuses = ServiceClassCatalogue.AllowedStatuses(judgedBy, service)
            .Select(s => new StatusConformance(s.Code, s.LastCode, s.Meaning))
            .ToList();
        return new MessageConformance(service.ToDisplayName(), role, types, operations.Select(o => o.Method).Distinct().ToList(), statuses,
            operations.Where(o => o.Concurrent).Select(o => o.Method).Distinct().ToList());
    }

    private static string NameOf(SopClassInfo? sop, DimseService service, ushort id) =>
        sop?.FindOperation(service, id)?.Name ?? $"type {id}";

    private static string Window(ushort limit) => limit == 0 ? "any number" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<LimitConformance> LimitsOf(DicomServerOptions o, bool anyConcurrent) =>
    [
        new("Maximum PDU length received", $"{o.MaxPduLength} bytes"),
        new("Largest dataset accepted in one message", $"{o.MaxDatasetLength} bytes"),
        new("C-STORE datasets spooled to disk from", o.CStoreSpoolThreshold > 0 ? $"{o.CStoreSpoolThreshold} bytes, up to {o.MaxSpooledDatasetLength} bytes" : "never (kept in memory)"),
        new("Largest DIMSE-N dataset (Event/Action Information, attribute lists)", $"{o.MaxNServiceDatasetLength} bytes"),
        new("Partly received data held at once, all associations together", $"{o.MaxBytesInFlight} bytes"),
        new("Associations served at once", o.MaxAssociations.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Asynchronous operations window (PS3.7 D.3.3.3)", $"up to {Window(o.MaxOperationsPerformed)} performed (served in arrival order{(anyConcurrent ? ", except the handlers marked concurrent above, whose calls overlap" : string.Empty)}), {Window(o.MaxOperationsInvoked)} invoked; 1 and 1 with a peer that proposes none"),
        new("ACSE timeout", Seconds(o.AcseTimeout)),
        new("DIMSE timeout", Seconds(o.DimseTimeout)),
        new("Handler time-out (then 0x0110)", o.HandlerTimeout == Timeout.InfiniteTimeSpan ? "none" : Seconds(o.HandlerTimeout)),
        new("Idle timeout", o.IdleTimeout == Timeout.InfiniteTimeSpan ? "none" : Seconds(o.IdleTimeout)),
        new("ARTIM timeout", Seconds(o.ArtimTimeout)),
        new("Called AE title checked", o.CheckCalledAETitle ? "yes" : "no"),
        new("Calling AE titles accepted", o.AllowedCallingAETitles.Count == 0 ? "any" : string.Join(", ", o.AllowedCallingAETitles.Order(StringComparer.Ordinal))),
        new("Event reports without SCP role negotiation", o.AcceptEventReportsWithoutRoleNegotiation ? "accepted, with a warning" : "answered 0x0110"),
        new("TLS", o.Tls is null ? "no" : "TLS 1.2 and 1.3 (PS3.15 B.1)"),
    ];

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s";
}

/// <summary>One SOP class (or, with an empty UID, every storage SOP class) and the messages handled for it.</summary>
public sealed record SopClassConformance(string Uid, string Name, IReadOnlyList<string> Uids, IReadOnlyList<MessageConformance> Messages);

/// <summary>
/// One DIMSE message of a SOP class: our role, the event or action types, the handlers, the statuses we may send, and
/// the handlers whose calls may overlap the association's next requests ([ConcurrentHandler]).
/// </summary>
public sealed record MessageConformance(string Message, string Role, IReadOnlyList<OperationTypeConformance> Types, IReadOnlyList<string> Handlers, IReadOnlyList<StatusConformance> Statuses,
    IReadOnlyList<string>? ConcurrentHandlers = null);

public sealed record OperationTypeConformance(ushort Id, string Name, string Handler);

public sealed record StatusConformance(ushort Code, ushort LastCode, string Meaning)
{
    public string CodeText => Code == LastCode ? $"0x{Code:X4}" : $"0x{Code:X4}-0x{LastCode:X4}";
}

public sealed record TransferSyntaxConformance(string Uid, string Name);

public sealed record LimitConformance(string Name, string Value);
