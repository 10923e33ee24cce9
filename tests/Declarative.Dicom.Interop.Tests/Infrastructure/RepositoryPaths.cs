namespace Declarative.Dicom.Interop.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodePeers => Path.Combine(Root, "tests", "Declarative.Dicom.Interop.Tests", "node");

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
