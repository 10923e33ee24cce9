using System.Reflection;
using System.Runtime.Loader;

namespace Declarative.Dicom.Shared;

/// <summary>
/// Loads an application's assembly with the application's own dependencies, resolved from its deps.json as the
/// application itself would at run time: its Declarative.Dicom, not the caller's. Shared source of the conformance
/// launcher and dicom-events.
/// </summary>
internal sealed class ApplicationLoadContext(string applicationPath) : AssemblyLoadContext("application", isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(applicationPath);

    protected override Assembly? Load(AssemblyName name) =>
        _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;

    protected override IntPtr LoadUnmanagedDll(string name) =>
        _resolver.ResolveUnmanagedDllToPath(name) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
