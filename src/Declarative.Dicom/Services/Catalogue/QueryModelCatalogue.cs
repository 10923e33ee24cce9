// Shared source (see CatalogueModel.cs): the query information models, entered once from PS3.4, read by the runtime
// (levels, refusals) and by the generator (the typed query builders).

namespace Declarative.Dicom.Catalogue
{
    /// <summary>
    /// A key of a query information model: the attribute, its VR (which decides the matching kinds a builder offers), the
    /// level it belongs to in a hierarchical model, whether it is that level's unique key, and the keys of its item for a sequence.
    /// </summary>
    public sealed class QueryKeyInfo
    {
        public QueryKeyInfo(uint tag, string keyword, string vr, string? level = null, bool unique = false, QueryKeyInfo[]? item = null)
        {
            Tag = tag;
            Keyword = keyword;
            VR = vr;
            Level = level;
            Unique = unique;
            Item = item ?? System.Array.Empty<QueryKeyInfo>();
        }

        public uint Tag { get; }

        public string Keyword { get; }

        public string VR { get; }

        public string? Level { get; }

        public bool Unique { get; }

        public QueryKeyInfo[] Item { get; }
    }

    /// <summary>A query information model: its name, FIND (and MOVE, GET) SOP classes, levels top first (none for a worklist), keys.</summary>
    public sealed class QueryModelInfo
    {
        public QueryModelInfo(string name, string section, string findSopClassUid, string[] retrieveSopClassUids, string[] levels, QueryKeyInfo[] keys)
        {
            Name = name;
            Section = section;
            FindSopClassUid = findSopClassUid;
            RetrieveSopClassUids = retrieveSopClassUids;
            Levels = levels;
            Keys = keys;
        }

        public string Name { get; }

        /// <summary>Where PS3.4 defines its keys, for documentation.</summary>
        public string Section { get; }

        public string FindSopClassUid { get; }

        public string[] RetrieveSopClassUids { get; }

        public string[] Levels { get; }

        public QueryKeyInfo[] Keys { get; }
    }

    /// <summary>The matching rules of PS3.4 C.2.2.2 that depend on a key's VR alone: the runtime's matcher and the generated builders both ask here.</summary>
    public static class QueryMatchingRules
    {
        /// <summary>PS3.4 C.2.2.2.4: * and ? are matching characters in these VRs only; elsewhere they are plain text.</summary>
        public static bool AllowsWildcards(string vr) => vr is "AE" or "CS" or "LO" or "LT" or "PN" or "SH" or "ST" or "UC" or "UR" or "UT";
    }

    public static class QueryModelCatalogue
    {
        public const string Patient = "PATIENT";
        public const string Study = "STUDY";
        public const string Series = "SERIES";
        public const string Image = "IMAGE";

        private static QueryModelInfo[]? s_models;

        public static QueryModelInfo[] Models => s_models ??= Create();

        /// <summary>The model a FIND, MOVE or GET SOP class belongs to, or null.</summary>
        public static QueryModelInfo? Find(string sopClassUid)
        {
            foreach (var model in Models)
            {
                if (model.FindSopClassUid == sopClassUid || System.Array.IndexOf(model.RetrieveSopClassUids, sopClassUid) >= 0)
                {
                    return model;
                }
            }

            return null;
        }

        private static QueryKeyInfo K(uint tag, string keyword, string vr, string? level = null, bool unique = false, QueryKeyInfo[]? item = null) =>
            new QueryKeyInfo(tag, keyword, vr, level, unique, item);

        // PS3.4 C.6.1.1.2–C.6.1.1.5 (Patient Root) and C.6.2.1.2–C.6.2.1.4 (Study Root): the required and unique keys of each
        // level and the common optional ones; K.6.1.2.2 (Table K.6-1) for the Modality Worklist's matching and return keys.
        private static QueryKeyInfo[] PatientLevel(string level) => new[]
        {
            K(0x00100010, "PatientName", "PN", level),
            K(0x00100020, "PatientID", "LO", level, unique: level == Patient),
            K(0x00100030, "PatientBirthDate", "DA", level),
            K(0x00100040, "PatientSex", "CS", level),
        };

        private static QueryKeyInfo[] StudyLevel() => new[]
        {
            K(0x00080020, "StudyDate", "DA", Study),
            K(0x00080030, "StudyTime", "TM", Study),
            K(0x00080050, "AccessionNumber", "SH", Study),
            K(0x00080061, "ModalitiesInStudy", "CS", Study),
            K(0x00080090, "ReferringPhysicianName", "PN", Study),
            K(0x00081030, "StudyDescription", "LO", Study),
            K(0x0020000D, "StudyInstanceUID", "UI", Study, unique: true),
            K(0x00200010, "StudyID", "SH", Study),
            K(0x00201206, "NumberOfStudyRelatedSeries", "IS", Study),
            K(0x00201208, "NumberOfStudyRelatedInstances", "IS", Study),
        };

        private static QueryKeyInfo[] SeriesAndImageLevels() => new[]
        {
            K(0x00080060, "Modality", "CS", Series),
            K(0x0008103E, "SeriesDescription", "LO", Series),
            K(0x0020000E, "SeriesInstanceUID", "UI", Series, unique: true),
            K(0x00200011, "SeriesNumber", "IS", Series),
            K(0x00201209, "NumberOfSeriesRelatedInstances", "IS", Series),
            K(0x00080016, "SOPClassUID", "UI", Image),
            K(0x00080018, "SOPInstanceUID", "UI", Image, unique: true),
            K(0x00200013, "InstanceNumber", "IS", Image),
        };

        private static QueryModelInfo[] Create()
        {
            var patientRoot = new System.Collections.Generic.List<QueryKeyInfo>(PatientLevel(Patient))
            {
                K(0x00201200, "NumberOfPatientRelatedStudies", "IS", Patient),
            };
            patientRoot.AddRange(StudyLevel());
            patientRoot.AddRange(SeriesAndImageLevels());
            var studyRoot = new System.Collections.Generic.List<QueryKeyInfo>(PatientLevel(Study));
            studyRoot.AddRange(StudyLevel());
            studyRoot.AddRange(SeriesAndImageLevels());
            return new[]
            {
                new QueryModelInfo("PatientRoot", "PS3.4 C.6.1", "1.2.840.10008.5.1.4.1.2.1.1", new[] { "1.2.840.10008.5.1.4.1.2.1.2", "1.2.840.10008.5.1.4.1.2.1.3" },
                    new[] { Patient, Study, Series, Image }, patientRoot.ToArray()),
                new QueryModelInfo("StudyRoot", "PS3.4 C.6.2", "1.2.840.10008.5.1.4.1.2.2.1", new[] { "1.2.840.10008.5.1.4.1.2.2.2", "1.2.840.10008.5.1.4.1.2.2.3" },
                    new[] { Study, Series, Image }, studyRoot.ToArray()),
                new QueryModelInfo("PatientStudyOnly", "PS3.4 C.6.3 (retired)", "1.2.840.10008.5.1.4.1.2.3.1", new[] { "1.2.840.10008.5.1.4.1.2.3.2", "1.2.840.10008.5.1.4.1.2.3.3" },
                    new[] { Patient, Study }, System.Array.Empty<QueryKeyInfo>()),
                new QueryModelInfo("ModalityWorklist", "PS3.4 K.6.1.2.2", "1.2.840.10008.5.1.4.31", System.Array.Empty<string>(), System.Array.Empty<string>(), new[]
                {
                    K(0x00400100, "ScheduledProcedureStepSequence", "SQ", item: new[]
                    {
                        K(0x00400001, "ScheduledStationAETitle", "AE"),
                        K(0x00400002, "ScheduledProcedureStepStartDate", "DA"),
                        K(0x00400003, "ScheduledProcedureStepStartTime", "TM"),
                        K(0x00080060, "Modality", "CS"),
                        K(0x00400006, "ScheduledPerformingPhysicianName", "PN"),
                        K(0x00400007, "ScheduledProcedureStepDescription", "LO"),
                        K(0x00400009, "ScheduledProcedureStepID", "SH"),
                        K(0x00400010, "ScheduledStationName", "SH"),
                        K(0x00400011, "ScheduledProcedureStepLocation", "SH"),
                        K(0x00400020, "ScheduledProcedureStepStatus", "CS"),
                    }),
                    K(0x00401001, "RequestedProcedureID", "SH"),
                    K(0x00321060, "RequestedProcedureDescription", "LO"),
                    K(0x00401003, "RequestedProcedurePriority", "SH"),
                    K(0x0020000D, "StudyInstanceUID", "UI"),
                    K(0x00080050, "AccessionNumber", "SH"),
                    K(0x00321032, "RequestingPhysician", "PN"),
                    K(0x00080090, "ReferringPhysicianName", "PN"),
                    K(0x00380010, "AdmissionID", "LO"),
                    K(0x00100010, "PatientName", "PN"),
                    K(0x00100020, "PatientID", "LO"),
                    K(0x00100030, "PatientBirthDate", "DA"),
                    K(0x00100040, "PatientSex", "CS"),
                }),
            };
        }
    }
}
