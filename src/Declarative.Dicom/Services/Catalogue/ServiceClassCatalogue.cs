// Shared source (see CatalogueModel.cs).
using System.Collections.Generic;

namespace Declarative.Dicom.Catalogue
{
    /// <summary>
    /// The service-class catalogue: one source of truth for the runtime, the generator and the analyzers.
    /// Built from PS3.4 and PS3.7 by tools/generate-catalogue.cs.
    /// </summary>
    public static partial class ServiceClassCatalogue
    {
        private static Dictionary<string, SopClassInfo>? s_sopClasses;
        private static Dictionary<string, ServiceClassInfo>? s_serviceClassBySop;
        private static ServiceClassInfo[]? s_serviceClasses;
        private static Dictionary<string, string>? s_knownSopClasses;
        private static Dictionary<DimseService, StatusInfo[]>? s_generalStatuses;

        /// <summary>The general statuses of a DIMSE service (PS3.7), by which SOP classes without a table of their own are judged.</summary>
        public static StatusInfo[] GeneralStatuses(DimseService service) =>
            (s_generalStatuses ??= CreateGeneralStatuses()).TryGetValue(service, out var statuses) ? statuses : System.Array.Empty<StatusInfo>();

        /// <summary>The service class whose SOP classes a [CStore] without a SOP class accepts (PS3.4 B.5).</summary>
        public const string StorageServiceClass = "Storage Service Class";

        /// <summary>Every SOP class of the Storage Service Class.</summary>
        public static string[] StorageSopClassUids
        {
            get
            {
                foreach (var serviceClass in ServiceClasses)
                {
                    if (serviceClass.Name == StorageServiceClass)
                    {
                        return serviceClass.SopClassUids;
                    }
                }

                return System.Array.Empty<string>();
            }
        }

        public static bool IsStorageSopClass(string uid) => FindServiceClass(uid)?.Name == StorageServiceClass;

        /// <summary>SOP classes with event or action types.</summary>
        public static IEnumerable<SopClassInfo> SopClasses => SopClassTable.Values;

        public static IEnumerable<ServiceClassInfo> ServiceClasses => s_serviceClasses ??= CreateServiceClasses();

        /// <summary>Every SOP class of PS3.6 Annex A (UID → keyword), with or without events: to tell an unknown UID from a known one.</summary>
        public static IReadOnlyDictionary<string, string> KnownSopClasses
        {
            get
            {
                if (s_knownSopClasses is null)
                {
                    var table = new Dictionary<string, string>();
                    foreach (var pair in CreateKnownSopClasses())
                    {
                        table[pair[0]] = pair[1];
                    }

                    s_knownSopClasses = table;
                }

                return s_knownSopClasses;
            }
        }

        public static SopClassInfo? FindSopClass(string uid) => SopClassTable.TryGetValue(uid, out var info) ? info : null;

        /// <summary>The service class a SOP class belongs to, from the status tables' SOP class lists.</summary>
        public static ServiceClassInfo? FindServiceClass(string sopClassUid) =>
            ServiceClassBySop.TryGetValue(sopClassUid, out var info) ? info : null;

        /// <summary>
        /// The statuses a SOP class's service class allows in the response to a service: the general ones of
        /// PS3.7 and the specific ones of PS3.4. A SOP class outside the standard's service classes (a private
        /// one) is judged by the general statuses of the service; a service its class does not use, by none.
        /// </summary>
        public static StatusInfo[] AllowedStatuses(string sopClassUid, DimseService service)
        {
            var serviceClass = FindServiceClass(sopClassUid);
            if (serviceClass is null)
            {
                return GeneralStatuses(service);
            }

            return serviceClass.Statuses.TryGetValue(service, out var statuses) ? statuses : System.Array.Empty<StatusInfo>();
        }

        /// <summary>True when the status may be sent, or when the catalogue has no table to judge it by.</summary>
        public static bool IsStatusAllowed(string sopClassUid, DimseService service, ushort code)
        {
            var statuses = AllowedStatuses(sopClassUid, service);
            if (statuses.Length == 0)
            {
                return true;
            }

            foreach (var status in statuses)
            {
                if (status.Covers(code))
                {
                    return true;
                }
            }

            return false;
        }

        private static Dictionary<string, SopClassInfo> SopClassTable
        {
            get
            {
                if (s_sopClasses is null)
                {
                    var table = new Dictionary<string, SopClassInfo>();
                    foreach (var sop in CreateSopClasses())
                    {
                        table[sop.Uid] = sop;
                    }

                    s_sopClasses = table;
                }

                return s_sopClasses;
            }
        }

        private static Dictionary<string, ServiceClassInfo> ServiceClassBySop
        {
            get
            {
                if (s_serviceClassBySop is null)
                {
                    var table = new Dictionary<string, ServiceClassInfo>();
                    foreach (var serviceClass in ServiceClasses)
                    {
                        foreach (var uid in serviceClass.SopClassUids)
                        {
                            table[uid] = serviceClass;
                        }
                    }

                    s_serviceClassBySop = table;
                }

                return s_serviceClassBySop;
            }
        }
    }
}
