using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Dicom.Catalogue;

namespace Declarative.Dicom.Analyzers.Handlers
{
    /// <summary>
    /// What DCM1002's error form tells its code fix: the required Event Reply attributes, as
    /// "GGGGEEEE VR Keyword" lines in the diagnostic's properties, so the fix does not re-read the catalogue.
    /// </summary>
    public static class ReplyStub
    {
        public const string AttributesKey = "ReplyAttributes";

        public static ImmutableDictionary<string, string?> Describe(IEnumerable<AttributeInfo> reply, bool canCarryReply) =>
            canCarryReply
                ? ImmutableDictionary<string, string?>.Empty.Add(AttributesKey,
                    string.Join("\n", reply.Where(a => a.IsRequired).Select(a => $"{a.Tag:X8} {a.VR} {a.Keyword}")))
                : ImmutableDictionary<string, string?>.Empty;
    }
}
