using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Samples;

/// <summary>Runs a built sample as `dotnet Sample.dll …`, the newest build of it.</summary>
internal static class SampleRunner
{
    public static ExternalTool.Result Run(string sample, params string[] arguments) =>
        ExternalTool.Run("dotnet", TimeSpan.FromSeconds(90), [Dll(sample), .. arguments]);

    /// <summary>Starts a sample that serves until it is stopped (a listener), killed when the test disposes it.</summary>
    public static BackgroundProcess Start(string sample, params string[] arguments) => new("dotnet", [Dll(sample), .. arguments]);

    private static string Dll(string sample) => BuildOutput(sample, sample + ".dll");

    /// <summary>A file of the sample's newest build output.</summary>
    public static string BuildOutput(string sample, string file) => RepositoryPaths.NewestBuildOutput(Path.Combine("samples", sample), file);
}
