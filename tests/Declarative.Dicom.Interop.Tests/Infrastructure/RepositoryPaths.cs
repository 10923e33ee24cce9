namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root => global::Declarative.Dicom.TestSupport.RepositoryRoot.Path;

    public static string NodePeers => Path.Combine(Root, "tests", "Declarative.Dicom.Interop.Tests", "node");

    /// <summary>A file of a project's newest build output (Debug or Release, whichever was built last).</summary>
    public static string NewestBuildOutput(string project, string file) =>
        Directory.GetFiles(Path.Combine(Root, project, "bin"), file, SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First();
}
