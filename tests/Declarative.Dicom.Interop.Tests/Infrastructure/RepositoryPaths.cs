namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodePeers => Path.Combine(Root, "tests", "Declarative.Dicom.Interop.Tests", "node");

    /// <summary>A file of a project's newest build output (Debug or Release, whichever was built last).</summary>
    public static string NewestBuildOutput(string project, string file) =>
        Directory.GetFiles(Path.Combine(Root, project, "bin"), file, SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Declarative.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Declarative.sln above {AppContext.BaseDirectory}.");
    }
}
