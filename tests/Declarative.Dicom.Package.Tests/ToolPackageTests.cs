using Declarative.Dicom.Network;

namespace Declarative.Dicom.Package.Tests;

/// <summary>
/// dicom-events as users get it: the tool package packed into a local folder, installed with
/// `dotnet tool install --tool-path`, and the installed command run against a real acceptor.
/// </summary>
[Collection(PackingCollection.Name)]
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "declarative-dicom-tool-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Tool_InstallsFromAFolderFeed_AndItsCommandEchoesARealAcceptor()
    {
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var feed = Path.Combine(_root, "artifacts");
        var pack = Dotnet.Run(Dotnet.RepositoryRoot, Timeout, "pack", "src/Declarative.Dicom.Tool/Declarative.Dicom.Tool.csproj", "-c", "Release", "-o", feed, $"-p:Version={version}");
        Assert.True(pack.ExitCode == 0, pack.Output);
        var tools = Path.Combine(_root, "tools");

        var install = Dotnet.Run(_root, Timeout, "tool", "install", "--tool-path", tools, "--add-source", feed, "Declarative.Dicom.Tool", "--version", version);

        Assert.True(install.ExitCode == 0, install.Output);
        Assert.Contains("dicom-events", install.Output);
        var command = Path.Combine(tools, "dicom-events");
        Assert.True(File.Exists(command), $"no {command} after install:\n{install.Output}");
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "ACCEPTOR", Port = 0 }, new EchoOnly()).Start();
        var echo = Dotnet.RunProgram(command, _root, TimeSpan.FromMinutes(1), "echo", $"ACCEPTOR@127.0.0.1:{server.Port}");
        Assert.True(echo.ExitCode == 0, echo.Output);
        Assert.Contains("C-ECHO: Success (0x0000)", echo.Output);
        Assert.Equal(64, Dotnet.RunProgram(command, _root, TimeSpan.FromMinutes(1), "echo").ExitCode);
    }

    private sealed class EchoOnly : IDicomServiceHandler
    {
        public IReadOnlyList<PresentationContextPolicy> PresentationContexts { get; } = [new(CEchoRequest.VerificationSopClassUid)];

        public ValueTask<DimseResponse> HandleAsync(DimseRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new DimseResponse(DimseStatus.Success));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Tests that pack build the runtime in Release; two at once would fight over its output files.</summary>
[CollectionDefinition(Name)]
public sealed class PackingCollection
{
    public const string Name = "packing";
}
