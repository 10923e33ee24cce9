using Microsoft.CodeAnalysis;

namespace Declarative.Dicom.Analyzers
{
    /// <summary>Every rule in one place. Ids are fixed (users configure them in .editorconfig); help links point at docs/diagnostics.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "DicomHandlers";
        private const string HelpRoot = "https://github.com/declarative-dicom/declarative-dicom/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor DisallowedStatus = new(
            "DCM1001",
            "Status not allowed for this DICOM service",
            "Status 0x{0:X4} is not allowed in the {1} response of the {2}; allowed: {3}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "The standard lists the statuses each service class may answer with, per DIMSE message (PS3.7 Annex C, PS3.4). A peer may treat any other code as an error or a retry.",
            helpLinkUri: HelpRoot + "DCM1001.md");

        /// <summary>
        /// DCM1002 has an error form (a required reply missing) and warning forms (a reply that will be dropped):
        /// one descriptor, so that release tracking and .editorconfig see one rule; the warnings are reported
        /// with Warning as their effective severity. Messages come from <see cref="Messages"/>.
        /// </summary>
        public static readonly DiagnosticDescriptor ReplyDataset = new(
            "DCM1002",
            "Reply dataset does not match the event type",
            "{0}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "A reply dataset goes only with Success or Warning (PS3.7 10.1.1.1.8), and only where the event type defines an Event Reply; where it defines one with required attributes, Success and Warning must carry it.",
            helpLinkUri: HelpRoot + "DCM1002.md");

        public static readonly DiagnosticDescriptor DuplicateHandler = new(
            "DCM1003",
            "Two handlers for the same operation",
            "{0} already has a handler, {1}; only the first one would ever run",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "DCM1003.md");

        /// <summary>DCM1004: a malformed UID or unknown event type (errors), a SOP class the standard does not define (warning).</summary>
        public static readonly DiagnosticDescriptor UnknownEvent = new(
            "DCM1004",
            "Unknown or malformed SOP class, event type or action type",
            "{0}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "The SOP Class UID must be well formed and, unless it is a private class, one of PS3.6 Annex A; the event or action type must be one the SOP class defines in PS3.4.",
            helpLinkUri: HelpRoot + "DCM1004.md");

        public static readonly DiagnosticDescriptor BadShape = new(
            "DCM1005",
            "Handler the generated dispatch cannot call",
            "{0}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "A handler lives in a partial, non-generic class; it is an instance method; its parameters are the event's typed accessor, NEventReportRequest and CancellationToken, each at most once; it returns DimseStatus, ushort, a status DicomDataset, EventReportResult or nothing, directly or through Task/ValueTask.",
            helpLinkUri: HelpRoot + "DCM1005.md");

        /// <summary>DCM1006 has a second form, for reads; same id, same severity, its own message.</summary>
        public static readonly DiagnosticDescriptor AttributeNotInEvent = new(
            "DCM1006",
            "Attribute the event type does not carry",
            "{0} is not part of the Event Information of {1}; a conforming report does not carry it",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "DCM1006.md");

        public static readonly DiagnosticDescriptor StatusDatasetElement = new(
            "DCM1006",
            "Status dataset element outside group 0000",
            "{0} is not a status field: a status dataset carries group 0000 elements (Status, Error Comment, Error ID, Offending Element) and the rest is not sent",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "DCM1006.md");

        public static readonly DiagnosticDescriptor BorrowedKept = new(
            "DCM1007",
            "A handler keeps what it was lent for the call",
            "{0} is lent to the handler for the duration of the call; {1} outlives it. {2}.",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "The request a handler receives, its datasets and its accessors are valid while the handler runs; the runtime may reuse them once the response is sent. A handler that stores one in a field, a collection it owns or a delegate that runs later keeps a copy made with Keep().",
            helpLinkUri: HelpRoot + "DCM1007.md");

        public static readonly DiagnosticDescriptor ConcurrencyWithoutEffect = new(
            "DCM1008",
            "[ConcurrentHandler] has no effect here",
            "{0}; [ConcurrentHandler] has no effect",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "[ConcurrentHandler] lets a DIMSE handler that is still running when it returns (Task or ValueTask) overlap the association's next requests. On another method, or on a handler that completes before it returns, it changes nothing.",
            helpLinkUri: HelpRoot + "DCM1008.md");

        public static readonly DiagnosticDescriptor MessageNotUsed = new(
            "DCM1009",
            "Message the SOP class does not use",
            "{0}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "PS3.4 gives each SOP class the DIMSE messages it uses: the Modality Performed Procedure Step SOP Class has N-CREATE and N-SET, its Retrieve SOP Class N-GET, its Notification SOP Class N-EVENT-REPORT. A handler of another message for a SOP class would accept a context a conforming peer never uses for it.",
            helpLinkUri: HelpRoot + "DCM1009.md");
    }

    /// <summary>The messages of the rules whose message is built per case (DCM1002, DCM1004).</summary>
    internal static class Messages
    {
        public static string MissingReply(string name, bool isAction = false) =>
            $"'{name}' defines an {(isAction ? "Action" : "Event")} Reply with required attributes; a Success or Warning must return it";

        public static string ReplyWithFailure(ushort status) => $"A reply dataset goes only with Success or Warning; with status 0x{status:X4} it is dropped on the wire";

        public static string ReplyNotDefined(string name, bool isAction = false) =>
            $"'{name}' defines no {(isAction ? "Action" : "Event")} Reply; the dataset returned here is dropped on the wire";

        public static string MissingAttributeList(string message) =>
            $"An {message} response to Success or Warning carries the Attribute List (PS3.7 10.1.2); return DimseResult.Success(attributes)";

        public static string NoResponseDataset(string message) => $"A {message} response carries no dataset; the dataset returned here is dropped on the wire";

        public static string MalformedUid(string uid) => $"'{uid}' is not a valid UID: digits and dots, no leading zeros, at most 64 characters";

        public static string UnknownSopClass(string uid) => $"'{uid}' is not a SOP class of the DICOM standard; if it is a private one, the typed accessor and status checks are not available for it";

        /// <summary><paramref name="typeName"/> is "event type" or "action type".</summary>
        public static string UnknownOperationType(string sopClass, string typeName, ushort id, string known) =>
            $"{sopClass} defines no {typeName} {id}" + (known.Length == 0
                ? $"; it has no {(typeName == "event type" ? "N-EVENT-REPORT" : "N-ACTION")} at all"
                : $"; its {typeName}s are {known}");

    }
}
