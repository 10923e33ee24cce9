namespace Declarative.Dicom.TestSupport;

/// <summary>The repository's folder (the one holding Declarative.sln), found above the running test or benchmark assembly.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Declarative.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Declarative.sln above {AppContext.BaseDirectory}.");
    }
}
