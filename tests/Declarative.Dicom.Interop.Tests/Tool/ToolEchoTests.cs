using System.Net;
using System.Net.Sockets;
using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`dicom-events echo` against DCMTK's storescp, and the exit codes scripts rely on.</summary>
public class ToolEchoTests
{
    [Fact]
    public async Task Echo_ReachesDcmtkStorescp_AndPrintsTheNegotiation()
    {
        using var temp = new TempDirectory();
        var (storescp, port) = await Storescp.StartAsync(temp.Path);
        using var _ = storescp;

        var echo = DicomEventsTool.Run("echo", $"STORESCP@127.0.0.1:{port}", "--repeat", "2");

        Assert.True(echo.ExitCode == 0, echo.StandardOutput + echo.StandardError);
        Assert.Contains($"Association DICOM-EVENTS -> STORESCP@127.0.0.1:{port} accepted", echo.StandardOutput);
        Assert.Contains("peer implementation: 1.2.276.0.7230010.3.0.3.6.", echo.StandardOutput); // DCMTK's implementation class UID
        Assert.Contains("context 1: 1.2.840.10008.1.1 (VerificationSOPClass)", echo.StandardOutput);
        Assert.Equal(2, echo.StandardOutput.Split('\n').Count(l => l.StartsWith("C-ECHO: Success (0x0000) in ", StringComparison.Ordinal)));
        Assert.Contains("Released.", echo.StandardOutput);
    }

    [Fact]
    public async Task Echo_NamedInThePeersFile_ReachesDcmtkStorescp()
    {
        using var temp = new TempDirectory();
        var (storescp, port) = await Storescp.StartAsync(temp.Path);
        using var _ = storescp;
        var peers = temp.File("peers.json");
        File.WriteAllText(peers, $$"""{ "peers": { "archive": "STORESCP@127.0.0.1:{{port}}" } }""");

        var echo = DicomEventsTool.Run("echo", "archive", "--peers", peers);

        Assert.True(echo.ExitCode == 0, echo.StandardOutput + echo.StandardError);
        Assert.Contains($"-> STORESCP@127.0.0.1:{port} accepted", echo.StandardOutput);
    }

    [Fact]
    public void Echo_ToAClosedPort_Exits1()
    {
        var echo = DicomEventsTool.Run("echo", $"NOBODY@127.0.0.1:{LocalPorts.Free()}");

        Assert.Equal(1, echo.ExitCode);
        Assert.Contains("error: Could not connect to NOBODY@127.0.0.1:", echo.StandardError);
    }

    [Fact]
    public async Task Echo_ToAPeerThatNeverAnswers_Exits2()
    {
        // Accepts the connection and never answers the A-ASSOCIATE-RQ.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepting = silent.AcceptSocketAsync();

        var echo = DicomEventsTool.Run("echo", $"SILENT@127.0.0.1:{port}", "--timeout", "1");

        Assert.Equal(2, echo.ExitCode);
        Assert.Contains("did not answer A-ASSOCIATE-RQ within 1 s", echo.StandardError);
        (await accepting).Dispose();
    }

    [Theory]
    [InlineData("echo")]
    [InlineData("echo", "not-an-address")]
    [InlineData("echo", "A@127.0.0.1:104", "--aet", "MUCH-TOO-LONG-FOR-AN-AE")]
    [InlineData("nonsense")]
    public void BadCommandLines_Exit64WithTheReason(params string[] arguments)
    {
        var run = DicomEventsTool.Run(arguments);

        Assert.Equal(64, run.ExitCode);
        Assert.StartsWith("error: ", run.StandardError);
        Assert.Contains("Try 'dicom-events --help'.", run.StandardError);
    }

    [Fact]
    public void Help_ListsEveryCommand()
    {
        var help = DicomEventsTool.Run("--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "echo", "listen", "report", "commit", "dump", "conformance" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s", help.StandardOutput);
        }
    }
}
