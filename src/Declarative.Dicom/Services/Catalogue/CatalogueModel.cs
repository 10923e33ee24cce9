// Shared source: compiled into the runtime, the generator and the analyzers (netstandard2.0), so it
// uses only what every one of them has. The facts themselves are in ServiceClassCatalogue.Generated.cs.
using System.Collections.Generic;

namespace Declarative.Dicom.Catalogue
{
    /// <summary>The DIMSE services a status table or a handler can belong to.</summary>
    public enum DimseService
    {
        CEcho,
        CStore,
        CFind,
        CGet,
        CMove,
        NEventReport,
        NGet,
        NSet,
        NAction,
        NCreate,
        NDelete,
    }

    public static class DimseServiceNames
    {
        /// <summary>The message's name as PS3.7 writes it: C-ECHO, N-EVENT-REPORT, …</summary>
        public static string ToDisplayName(this DimseService service) => service switch
        {
            DimseService.CEcho => "C-ECHO",
            DimseService.CStore => "C-STORE",
            DimseService.CFind => "C-FIND",
            DimseService.CGet => "C-GET",
            DimseService.CMove => "C-MOVE",
            DimseService.NEventReport => "N-EVENT-REPORT",
            DimseService.NGet => "N-GET",
            DimseService.NSet => "N-SET",
            DimseService.NAction => "N-ACTION",
            DimseService.NCreate => "N-CREATE",
            _ => "N-DELETE",
        };
    }

    /// <summary>A response status a service class allows for one DIMSE service (PS3.7 Annex C, PS3.4).</summary>
    public sealed class StatusInfo
    {
        public StatusInfo(ushort code, ushort lastCode, string meaning)
        {
            Code = code;
            LastCode = lastCode;
            Meaning = meaning;
        }

        public ushort Code { get; }

        /// <summary>Equal to <see cref="Code"/> except for ranges such as 0xC000 to 0xCFFF.</summary>
        public ushort LastCode { get; }

        public string Meaning { get; }

        public bool Covers(ushort code) => code >= Code && code <= LastCode;

        public override string ToString() => Code == LastCode ? $"0x{Code:X4} ({Meaning})" : $"0x{Code:X4}-0x{LastCode:X4} ({Meaning})";
    }

    /// <summary>An attribute of an Event/Action Information or Reply, with its requirement type and, for a sequence, its item attributes.</summary>
    public sealed class AttributeInfo
    {
        public AttributeInfo(uint tag, string keyword, string vr, string valueMultiplicity, string requirement, AttributeInfo[] items)
        {
            Tag = tag;
            Keyword = keyword;
            VR = vr;
            ValueMultiplicity = valueMultiplicity;
            Requirement = requirement;
            Items = items;
        }

        public uint Tag { get; }

        public string Keyword { get; }

        public string VR { get; }

        public string ValueMultiplicity { get; }

        /// <summary>"1", "1C", "2", "2C" or "3" (PS3.4 section 5.4 usage of the sender).</summary>
        public string Requirement { get; }

        public bool IsRequired => Requirement == "1";

        public AttributeInfo[] Items { get; }

        public string TagText => $"({Tag >> 16:X4},{Tag & 0xFFFF:X4})";
    }

    /// <summary>An event type (N-EVENT-REPORT) or action type (N-ACTION) of a SOP class.</summary>
    public sealed class OperationTypeInfo
    {
        public OperationTypeInfo(ushort id, string name, string accessorName, AttributeInfo[] information, AttributeInfo[]? reply)
        {
            Id = id;
            Name = name;
            AccessorName = accessorName;
            Information = information;
            Reply = reply;
        }

        public ushort Id { get; }

        /// <summary>The standard's name, e.g. "Storage Commitment Request Successful".</summary>
        public string Name { get; }

        /// <summary>The name of the generated typed accessor, e.g. StorageCommitmentSuccessful.</summary>
        public string AccessorName { get; }

        public AttributeInfo[] Information { get; }

        /// <summary>The Event/Action Reply attributes; null where the standard defines no reply.</summary>
        public AttributeInfo[]? Reply { get; }
    }

    /// <summary>A SOP class with the events and actions it defines.</summary>
    public sealed class SopClassInfo
    {
        public SopClassInfo(string uid, string keyword, string serviceClass, string[] alsoServes, OperationTypeInfo[] eventTypes, OperationTypeInfo[] actionTypes,
            OperationTypeInfo? create = null, OperationTypeInfo? set = null, DimseService[]? messages = null)
        {
            Messages = messages ?? System.Array.Empty<DimseService>();
            Uid = uid;
            Keyword = keyword;
            ServiceClass = serviceClass;
            AlsoServes = alsoServes;
            EventTypes = eventTypes;
            ActionTypes = actionTypes;
            Create = create;
            Set = set;
        }

        public string Uid { get; }

        /// <summary>The DIMSE messages the SOP class uses (PS3.4), where the catalogue states them; empty: not stated, not checked.</summary>
        public DimseService[] Messages { get; }

        public string Keyword { get; }

        public string ServiceClass { get; }

        /// <summary>Affected SOP classes that requests on this class's context may name (UPS Push for UPS Event).</summary>
        public string[] AlsoServes { get; }

        public OperationTypeInfo[] EventTypes { get; }

        public OperationTypeInfo[] ActionTypes { get; }

        /// <summary>The N-CREATE Attribute List with the SCU's requirement types (PS3.4), where the catalogue has it.</summary>
        public OperationTypeInfo? Create { get; }

        /// <summary>
        /// The attributes an N-SET Modification List may carry, with the types of their item attributes; any other
        /// attribute is "Not allowed" in N-SET (PS3.4). Null where the catalogue does not describe the N-SET.
        /// </summary>
        public OperationTypeInfo? Set { get; }

        /// <summary>What the catalogue describes for a message of this class: an event or action type, or the N-CREATE or N-SET list.</summary>
        public OperationTypeInfo? FindOperation(DimseService service, ushort typeId) => service switch
        {
            DimseService.NEventReport => FindEventType(typeId),
            DimseService.NAction => FindActionType(typeId),
            DimseService.NCreate => Create,
            DimseService.NSet => Set,
            _ => null,
        };

        public OperationTypeInfo? FindEventType(ushort id)
        {
            foreach (var e in EventTypes)
            {
                if (e.Id == id)
                {
                    return e;
                }
            }

            return null;
        }

        public OperationTypeInfo? FindActionType(ushort id)
        {
            foreach (var a in ActionTypes)
            {
                if (a.Id == id)
                {
                    return a;
                }
            }

            return null;
        }
    }

    /// <summary>A service class: its SOP classes and the statuses each DIMSE service may answer with.</summary>
    public sealed class ServiceClassInfo
    {
        public ServiceClassInfo(string name, string[] sopClassUids, Dictionary<DimseService, StatusInfo[]> statuses)
        {
            Name = name;
            SopClassUids = sopClassUids;
            Statuses = statuses;
        }

        public string Name { get; }

        public string[] SopClassUids { get; }

        public Dictionary<DimseService, StatusInfo[]> Statuses { get; }
    }
}
