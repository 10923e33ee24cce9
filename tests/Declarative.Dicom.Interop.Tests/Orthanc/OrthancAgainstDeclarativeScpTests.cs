using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Dcmtk;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;
using Declarative.Dicom.Outbox;
using Declarative.Dicom.State;
using StorageCommitmentSample;

namespace Declarative.Dicom.Interop.Tests.Orthanc;

/// <summary>
/// Orthanc as the modality: it stores an instance into the sample's declarative storage-commitment SCP
/// ([CStore], [NAction] and the typed report), asks it to commit that one and one it never sent, and records
/// the report our SCP's outbox sends back on a new association.
/// </summary>
public class OrthancAgainstDeclarativeScpTests : IClassFixture<OrthancFixture>
{
    private readonly OrthancFixture _orthanc;

    public OrthancAgainstDeclarativeScpTests(OrthancFixture orthanc) => _orthanc = orthanc;

    [Fact]
    public async Task OrthancCommitsAgainstTheDeclarativeScp_AndRecordsOurReportPerInstance()
    {
        var remotes = new RemoteApplicationEntityTable().Add(new RemoteApplicationEntity(OrthancFixture.OrthancAETitle, "127.0.0.1", _orthanc.DicomPort));
        using var temp = new TempDirectory();
        var state = new SqliteInstanceStore(temp.File("outbox.db"));
        await using var outbox = new ReportOutbox(state.Outbox, remotes,
            new ReportOutboxOptions { AETitle = OrthancFixture.ModalityAETitle, FirstRetryDelay = TimeSpan.FromMilliseconds(200) }).Start();
        var scp = new EmbeddedCommitmentScp(new StorageCommitmentTransactions(state, outbox));
        await using var server = new DicomServer(new DicomServerOptions { AETitle = OrthancFixture.ModalityAETitle, Port = _orthanc.ModalityPort }, scp).Start();
        var stored = DicomUid.Generate();
        var missing = DicomUid.Generate();
        var orthancId = await UploadCtAsync(stored);

        var store = await _orthanc.PostAsync("modalities/scu/store", new { Resources = new[] { orthancId }, Synchronous = true });
        Assert.Equal(1, (int)store["InstancesCount"]!);
        Assert.Equal(0, (int)store["FailedInstancesCount"]!);
        var job = await _orthanc.PostAsync("modalities/scu/storage-commitment", new
        {
            DicomInstances = new[] { new[] { SopClass.CTImageStorage, stored }, new[] { SopClass.CTImageStorage, missing } },
            Timeout = 30,
        });

        var status = await _orthanc.GetAsync($"storage-commitment/{(string)job["ID"]!}");
        for (var i = 0; i < 300 && (string?)status["Status"] == "Pending"; i++)
        {
            await Task.Delay(100);
            status = await _orthanc.GetAsync($"storage-commitment/{(string)job["ID"]!}");
        }

        Assert.True((string?)status["Status"] == "Failure", status.ToJsonString() + "\n" + _orthanc.Log);
        Assert.Equal(stored, (string?)Assert.Single(status["Success"]!.AsArray())!["SOPInstanceUID"]);
        var failure = Assert.Single(status["Failures"]!.AsArray());
        Assert.Equal(missing, (string)failure!["SOPInstanceUID"]!);
        Assert.Equal(0x0112, (int)failure["FailureReason"]!);
    }

    private async Task<string> UploadCtAsync(string sopInstanceUid)
    {
        using var temp = new TempDirectory();
        DcmtkNetworkTests.WriteCtFile(temp.File("ct.dcm"), sopInstanceUid);
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(temp.File("ct.dcm")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var response = await _orthanc.Http.PostAsync("instances", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (string)JsonNode.Parse(text)!["ID"]!;
    }
}
