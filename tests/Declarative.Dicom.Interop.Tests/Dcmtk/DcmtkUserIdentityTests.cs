using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Dcmtk;

/// <summary>User identity negotiation (PS3.7 D.3.3.7) with DCMTK's storescu: --user/--password, --pos-response.</summary>
public class DcmtkUserIdentityTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    private static DicomServer Start(RecordingHandler handler) =>
        new DicomServer(new DicomServerOptions
        {
            AETitle = "OURSCP", Port = 0,
            Authenticator = new PasscodeAuthenticator(new Dictionary<string, string> { ["tech"] = "s3cret" }),
        }, handler).Start();

    [Fact]
    public async Task Storescu_WithTheRightPasscode_AskingForAPositiveResponse_Stores_AndTheHandlerSeesTheUser()
    {
        using var temp = new TempDirectory();
        DcmtkNetworkTests.WriteCtFile(temp.File("ct.dcm"), "1.2.3.4.5.6.7.10");
        var handler = new RecordingHandler([new PresentationContextPolicy(CtImageStorage)]);
        await using var server = Start(handler);

        var result = ExternalTool.Run("storescu", "-v", "-aec", "OURSCP", "--user", "tech", "--password", "s3cret", "--pos-response",
            "127.0.0.1", server.Port.ToString(), temp.File("ct.dcm"));

        result.EnsureSuccess("storescu");
        var store = Assert.Single(handler.Requests);
        Assert.Equal("tech", store.Association!.UserIdentity!.Username);
    }

    [Fact]
    public async Task Storescu_WithAWrongPasscode_IsRejected_AndStoresNothing()
    {
        using var temp = new TempDirectory();
        DcmtkNetworkTests.WriteCtFile(temp.File("ct.dcm"), "1.2.3.4.5.6.7.11");
        var handler = new RecordingHandler([new PresentationContextPolicy(CtImageStorage)]);
        await using var server = Start(handler);

        var result = ExternalTool.Run("storescu", "-aec", "OURSCP", "--user", "tech", "--password", "guess", "127.0.0.1", server.Port.ToString(), temp.File("ct.dcm"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Association Rejected", result.StandardError + result.StandardOutput);
        Assert.Empty(handler.Requests);
    }
}
