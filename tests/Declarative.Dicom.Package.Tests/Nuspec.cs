using System.IO.Compression;
using System.Xml.Linq;

namespace Declarative.Dicom.Package.Tests;

/// <summary>What a packed .nupkg's manifest declares: the packages and the shared frameworks a consumer gets with it.</summary>
internal static class Nuspec
{
    /// <summary>The package dependencies, id to version.</summary>
    public static Dictionary<string, string> Dependencies(string package) =>
        Elements(package, "dependency").GroupBy(d => (string)d.Attribute("id")!).ToDictionary(g => g.Key, g => (string)g.First().Attribute("version")!);

    /// <summary>The shared frameworks it brings (Microsoft.AspNetCore.App for a hosting package).</summary>
    public static string[] FrameworkReferences(string package) =>
        [.. Elements(package, "frameworkReference").Select(e => (string)e.Attribute("name")!).Distinct()];

    private static XElement[] Elements(string package, string name)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return [.. XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == name)];
    }
}
