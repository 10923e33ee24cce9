using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Samples;

/// <summary>Runs a built sample as `dotnet Sample.dll …`, the newest build of it.</summary>
internal static class SampleRunner
{
    public static ExternalTool.Result Run(string sample, params string[] arguments)
    {
        var dll = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", sample, "bin"), sample + ".dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First();
        return ExternalTool.Run("dotnet", TimeSpan.FromSeconds(90), [dll, .. arguments]);
    }
}
