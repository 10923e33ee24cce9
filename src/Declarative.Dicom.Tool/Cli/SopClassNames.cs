using Declarative.Dicom.Data;

namespace Declarative.Dicom.Tool.Cli;

/// <summary>SOP classes as people write them on a command line: a UID, or a keyword with or without its "SOPClass" suffix.</summary>
internal static class SopClassNames
{
    public static string Resolve(string text)
    {
        if (text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return text;
        }

        var match = DicomUidDictionary.Entries.FirstOrDefault(e => e.Kind == DicomUidKind.SopClass &&
            (e.Keyword.Equals(text, StringComparison.OrdinalIgnoreCase) || e.Keyword.Equals(text + "SOPClass", StringComparison.OrdinalIgnoreCase)));
        return match?.Uid ?? throw new UsageException($"'{text}' is neither a UID nor the keyword of a SOP class (e.g. StorageCommitmentPushModel)");
    }

    /// <summary>The well-known SOP instance of a SOP class (storage commitment's 1.2.840.10008.1.20.1.1), when the standard defines one.</summary>
    public static string? WellKnownInstanceOf(string sopClassUid)
    {
        var keyword = DicomUidDictionary.Lookup(sopClassUid)?.Keyword;
        if (keyword is null || !keyword.EndsWith("SOPClass", StringComparison.Ordinal))
        {
            return null;
        }

        var instance = keyword[..^"SOPClass".Length] + "SOPInstance";
        return DicomUidDictionary.Entries.FirstOrDefault(e => e.Kind == DicomUidKind.WellKnownSopInstance && e.Keyword == instance)?.Uid;
    }
}
