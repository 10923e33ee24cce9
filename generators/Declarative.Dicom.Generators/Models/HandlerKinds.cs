using Declarative.Dicom.Catalogue;
using Microsoft.CodeAnalysis;

namespace Declarative.Dicom.Generators.Models
{
    /// <summary>
    /// One handler attribute: the DIMSE service it binds, the request type the dispatch hands over, and whether it
    /// names an event or action type. Shared by the generator and the analyzers, so both read attributes alike.
    /// </summary>
    internal sealed class HandlerKind
    {
        public HandlerKind(string attributeName, DimseService service, string requestName, bool hasTypeId)
        {
            AttributeMetadataName = "Declarative.Dicom." + attributeName;
            Service = service;
            RequestName = requestName;
            HasTypeId = hasTypeId;
        }

        public string AttributeMetadataName { get; }

        public DimseService Service { get; }

        /// <summary>The simple name of the request type in Declarative.Dicom, e.g. NActionRequest.</summary>
        public string RequestName { get; }

        public string RequestType => "Declarative.Dicom." + RequestName;

        /// <summary>The message's name as PS3.7 writes it, e.g. N-ACTION.</summary>
        public string Display => Service.ToDisplayName();

        /// <summary>True for [EventReport] and [NAction], whose second argument is the event or action type.</summary>
        public bool HasTypeId { get; }

        /// <summary>The word for the type id in messages: "event type" or "action type".</summary>
        public string TypeIdName => Service == DimseService.NEventReport ? "event type" : "action type";
    }

    /// <summary>Every handler attribute kind, and how an attribute becomes a binding.</summary>
    internal static class HandlerKinds
    {
        /// <summary>What a parameterless [CStore] binds: every SOP class of the Storage Service Class.</summary>
        public const string EveryStorageSopClass = "";

        public const string VerificationSopClassUid = "1.2.840.10008.1.1";

        public const string BaseRequestType = "Declarative.Dicom.DimseRequest";

        public static readonly HandlerKind EventReport = new HandlerKind("EventReportAttribute", DimseService.NEventReport, "NEventReportRequest", true);
        public static readonly HandlerKind NAction = new HandlerKind("NActionAttribute", DimseService.NAction, "NActionRequest", true);
        public static readonly HandlerKind NCreate = new HandlerKind("NCreateAttribute", DimseService.NCreate, "NCreateRequest", false);
        public static readonly HandlerKind NSet = new HandlerKind("NSetAttribute", DimseService.NSet, "NSetRequest", false);
        public static readonly HandlerKind NGet = new HandlerKind("NGetAttribute", DimseService.NGet, "NGetRequest", false);
        public static readonly HandlerKind NDelete = new HandlerKind("NDeleteAttribute", DimseService.NDelete, "NDeleteRequest", false);
        public static readonly HandlerKind CEcho = new HandlerKind("CEchoAttribute", DimseService.CEcho, "CEchoRequest", false);
        public static readonly HandlerKind CStore = new HandlerKind("CStoreAttribute", DimseService.CStore, "CStoreRequest", false);

        public static readonly HandlerKind CFind = new HandlerKind("CFindAttribute", DimseService.CFind, "CFindRequest", false);

        public static readonly HandlerKind CMove = new HandlerKind("CMoveAttribute", DimseService.CMove, "CMoveRequest", false);
        public static readonly HandlerKind CGet = new HandlerKind("CGetAttribute", DimseService.CGet, "CGetRequest", false);

        public static readonly HandlerKind[] All = { EventReport, NAction, NCreate, NSet, NGet, NDelete, CEcho, CStore, CFind, CMove, CGet };

        /// <summary>C-FIND, C-MOVE and C-GET: an Identifier in, a stream out (matches, or instances to send).</summary>
        public static bool IsQuery(DimseService service) => service is DimseService.CFind or DimseService.CMove or DimseService.CGet;

        public static HandlerKind Of(DimseService service)
        {
            foreach (var kind in All)
            {
                if (kind.Service == service)
                {
                    return kind;
                }
            }

            throw new System.ArgumentOutOfRangeException(nameof(service));
        }

        /// <summary>The binding an attribute of this kind declares, or null when its arguments are not constants of the expected types.</summary>
        public static HandlerBinding? Bind(HandlerKind kind, AttributeData attribute)
        {
            var arguments = attribute.ConstructorArguments;
            if (kind.Service == DimseService.CEcho)
            {
                return new HandlerBinding(kind.Service, VerificationSopClassUid, 0);
            }

            if (kind.Service == DimseService.CStore && arguments.Length == 0)
            {
                return new HandlerBinding(kind.Service, EveryStorageSopClass, 0);
            }

            if (arguments.Length == 0 || arguments[0].Value is not string uid)
            {
                return null;
            }

            if (!kind.HasTypeId)
            {
                return new HandlerBinding(kind.Service, uid, 0);
            }

            return arguments.Length > 1 && arguments[1].Value is ushort typeId ? new HandlerBinding(kind.Service, uid, typeId) : null;
        }
    }
}
