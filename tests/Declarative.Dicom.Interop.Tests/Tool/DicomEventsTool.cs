using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>Runs the built dicom-events as `dotnet dicom-events.dll …`, as the installed tool's shim does.</summary>
internal static class DicomEventsTool
{
    public static ExternalTool.Result Run(params string[] arguments) =>
        ExternalTool.Run("dotnet", TimeSpan.FromSeconds(90), [Dll, .. arguments]);

    /// <summary>Starts a command that runs until stopped (listen), killed when the test disposes it.</summary>
    public static BackgroundProcess Start(params string[] arguments) => new("dotnet", [Dll, .. arguments]);

    private static string Dll => RepositoryPaths.NewestBuildOutput(Path.Combine("src", "Declarative.Dicom.Tool"), "dicom-events.dll");
}
