using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;
using Declarative.Dicom.Network;
using Declarative.Dicom.Network.Association;

namespace Declarative.Dicom.Interop.Tests.Query;

/// <summary>
/// The QueryRetrieve sample over a folder of three studies (two patients), started once for the class, with three move
/// destinations: MOVESCU (movescu receiving), OURSTORE (our [CStore] listener) and REFUSER (a listener refusing every C-STORE).
/// </summary>
public sealed class QueryRetrievePeers : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    public record Study(string PatientId, string Uid, string SeriesUid, string[] Instances);

    public List<Study> Studies { get; } = [];

    internal BackgroundProcess Sample { get; private set; } = null!;

    public int Port { get; } = LocalPorts.Free();

    public int MovescuPort { get; } = LocalPorts.Free();

    public StoreListener Store { get; } = new();

    public DicomServer StoreServer { get; private set; } = null!;

    public DicomServer RefuserServer { get; private set; } = null!;

    public string Folder(string name) => Directory.CreateDirectory(_temp.File(name)).FullName;

    public async Task InitializeAsync()
    {
        var folder = Folder("instances");
        (string Patient, string Id, int Images)[] studies = [("Doe^Jane", "PID1", 3), ("Doe^Jane", "PID1", 2), ("Roe^Richard", "PID2", 2)];
        var n = 0;
        foreach (var (patient, id, images) in studies)
        {
            var study = new Study(id, $"2.25.1000{Studies.Count}", $"2.25.2000{Studies.Count}", [.. Enumerable.Range(0, images).Select(_ => $"2.25.3000{++n}")]);
            Studies.Add(study);
            foreach (var instance in study.Instances)
            {
                using var file = File.Create(Path.Combine(folder, instance + ".dcm"));
                DicomFile.Create(SmallCtInstance.Create(instance, study.Uid, study.SeriesUid, patient, study.PatientId), DicomTransferSyntax.ExplicitVRLittleEndian).WriteTo(file);
            }
        }

        StoreServer = new DicomServer(new DicomServerOptions { AETitle = "OURSTORE", Port = 0 }, Store).Start();
        RefuserServer = new DicomServer(new DicomServerOptions { AETitle = "REFUSER", Port = 0 }, new StoreListener(refuse: true)).Start();
        Sample = SampleRunner.Start("QueryRetrieve", "--listen", $"QRSCP@127.0.0.1:{Port}", "--folder", folder,
            "--destination", $"MOVESCU@127.0.0.1:{MovescuPort}", "--destination", $"OURSTORE@127.0.0.1:{StoreServer.Port}",
            "--destination", $"REFUSER@127.0.0.1:{RefuserServer.Port}");
        await Sample.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        Sample.Dispose();
        await StoreServer.DisposeAsync();
        await RefuserServer.DisposeAsync();
        _temp.Dispose();
    }
}

/// <summary>DCMTK findscu, movescu and getscu, and our own requestor, against the QueryRetrieve sample.</summary>
public class QueryRetrieveSampleTests(QueryRetrievePeers peers) : IClassFixture<QueryRetrievePeers>
{
    public static TheoryData<string, string, string[], int> Levels => new()
    {
        { "-P", "PATIENT", ["-k", "PatientID", "-k", "PatientName"], 2 },
        { "-P", "STUDY", ["-k", "PatientID=PID1", "-k", "StudyInstanceUID"], 2 },
        { "-S", "STUDY", ["-k", "StudyInstanceUID", "-k", "PatientName=Doe*"], 2 },
        { "-S", "SERIES", ["-k", "StudyInstanceUID=2.25.10000", "-k", "SeriesInstanceUID"], 1 },
        { "-S", "IMAGE", ["-k", "StudyInstanceUID=2.25.10000", "-k", "SeriesInstanceUID=2.25.20000", "-k", "SOPInstanceUID"], 3 },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public void Findscu_AtEveryLevel_GetsOneMatchPerEntity(string model, string level, string[] keys, int expected)
    {
        var output = peers.Folder($"find-{model}-{level}");
        ExternalTool.Run("findscu", [model, "-X", "-od", output, "-aec", "QRSCP", "127.0.0.1", peers.Port.ToString(), "-k", $"QueryRetrieveLevel={level}", .. keys])
            .EnsureSuccess("findscu");

        var responses = Directory.GetFiles(output, "rsp*.dcm").Select(f => DicomFile.Open(f).Dataset).ToList();
        Assert.Equal(expected, responses.Count);
        Assert.All(responses, r => Assert.Equal(level, r.GetString(DicomTag.QueryRetrieveLevel)));
    }

    [Fact]
    public void Movescu_RetrievesAStudy_WithTheCountsRight()
    {
        var output = peers.Folder("movescu");
        var study = peers.Studies[0];

        var move = ExternalTool.Run("movescu", "-v", "-S", "-aet", "MOVESCU", "-aem", "MOVESCU", "+P", peers.MovescuPort.ToString(), "-od", output,
            "-aec", "QRSCP", "127.0.0.1", peers.Port.ToString(), "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study.Uid}");

        move.EnsureSuccess("movescu");
        var text = move.StandardError + move.StandardOutput;
        Assert.True(text.Contains("Received Final Move Response (Success)"), text);
        Assert.Equal(study.Instances.Order(), Directory.GetFiles(output).Select(f => DicomFile.Open(f).Dataset.GetString(DicomTag.SOPInstanceUID)).Order());
        Assert.Equal(study.Instances.Length, text.Split('\n').Count(l => l.Contains("Received Move Response") && l.Contains("(Pending)")));
    }

    [Fact]
    public void Getscu_RetrievesAStudy_OnItsOwnAssociation()
    {
        var output = peers.Folder("getscu");
        var study = peers.Studies[2];

        var get = ExternalTool.Run("getscu", "-v", "-S", "-od", output, "-aec", "QRSCP", "127.0.0.1", peers.Port.ToString(),
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study.Uid}");

        get.EnsureSuccess("getscu");
        var text = get.StandardError + get.StandardOutput;
        Assert.True(text.Contains("Received C-GET Response (Success)"), text);
        Assert.Equal(study.Instances.Order(), Directory.GetFiles(output).Select(f => DicomFile.Open(f).Dataset.GetString(DicomTag.SOPInstanceUID)).Order());
    }

    [Fact]
    public void Movescu_ToAnUnknownDestination_IsRefusedWithA801()
    {
        var move = ExternalTool.Run("movescu", "-v", "-S", "-aem", "NOBODY", "-aec", "QRSCP", "127.0.0.1", peers.Port.ToString(),
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={peers.Studies[0].Uid}");

        var text = move.StandardError + move.StandardOutput;
        Assert.True(text.Contains("Received Final Move Response (Refused: MoveDestinationUnknown)"), text);
    }

    [Fact]
    public async Task MoveAsync_IntoOurStoreListener_ReportsProgressAndSuccess()
    {
        var study = peers.Studies[1];
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("QRSCP", "127.0.0.1", peers.Port),
            [new PresentationContextRequest(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]);
        var progress = new List<RetrieveProgress>();

        var result = await association.MoveAsync(new CMoveRequest(SopClass.MOVEStudyRootQueryRetrieveInformationModel, StudyKeys(study), "OURSTORE"),
            new SynchronousProgress<RetrieveProgress>(progress.Add));

        Assert.Equal(DimseStatus.Success, result.Status);
        Assert.Equal(new RetrieveProgress(null, study.Instances.Length, 0, 0), result.Counts);
        Assert.Equal([new RetrieveProgress(1, 1, 0, 0), new RetrieveProgress(0, 2, 0, 0)], progress);
        Assert.Superset(study.Instances.ToHashSet(), peers.Store.Received.ToHashSet());
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task MoveAsync_ToADestinationThatRefusesEverything_FailsWithTheFailedInstances_NeverSuccess()
    {
        var study = peers.Studies[0];
        await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("QRSCP", "127.0.0.1", peers.Port),
            [new PresentationContextRequest(SopClass.MOVEStudyRootQueryRetrieveInformationModel)]);

        var result = await association.MoveAsync(new CMoveRequest(SopClass.MOVEStudyRootQueryRetrieveInformationModel, StudyKeys(study), "REFUSER"));

        Assert.Equal(DimseStatus.UnableToPerformSubOperations, result.Status);
        Assert.Equal(new RetrieveProgress(null, 0, study.Instances.Length, 0), result.Counts);
        Assert.Equal(study.Instances.Order(), result.FailedInstances.Order());
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task GetAsync_IntoOurCStoreHandler_AndWithoutTheScpRole_FailsClearly()
    {
        var study = peers.Studies[2];
        var received = new StoreListener();
        DicomAssociation Connect(bool scpRole) => DicomClient.ConnectAsync(new RemoteApplicationEntity("QRSCP", "127.0.0.1", peers.Port),
            [new PresentationContextRequest(SopClass.GETStudyRootQueryRetrieveInformationModel), new PresentationContextRequest(SopClass.CTImageStorage) { ScpRole = scpRole }],
            handler: received).GetAwaiter().GetResult();

        await using (var association = Connect(scpRole: true))
        {
            var result = await association.GetAsync(new CGetRequest(SopClass.GETStudyRootQueryRetrieveInformationModel, StudyKeys(study)));
            Assert.Equal(DimseStatus.Success, result.Status);
            Assert.Equal(study.Instances.Order(), received.Received.Order());
            await association.ReleaseAsync();
        }

        await using (var association = Connect(scpRole: false))
        {
            var result = await association.GetAsync(new CGetRequest(SopClass.GETStudyRootQueryRetrieveInformationModel, StudyKeys(study)));
            Assert.Equal(DimseStatus.UnableToPerformSubOperations, result.Status);
            Assert.Equal(study.Instances.Order(), result.FailedInstances.Order());
            await association.ReleaseAsync();
        }

        await peers.Sample.WaitForOutputAsync("without the SCP role (role selection, PS3.7 D.3.3.4)", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Tool_MovesAndGetsAStudy_AndExitsOneWhenTheDestinationRefuses()
    {
        var study = peers.Studies[1];
        var peer = $"QRSCP@127.0.0.1:{peers.Port}";
        var output = peers.Folder("tool-get");

        var move = Tool.DicomEventsTool.Run("move", peer, "--dest", "OURSTORE", "-S", "-k", $"StudyInstanceUID={study.Uid}");
        var get = Tool.DicomEventsTool.Run("get", peer, "--output", output, "-S", "-k", $"StudyInstanceUID={study.Uid}");
        var refused = Tool.DicomEventsTool.Run("move", peer, "--dest", "REFUSER", "-S", "-k", $"StudyInstanceUID={study.Uid}");

        move.EnsureSuccess("dicom-events move");
        Assert.Contains("C-MOVE: Success (0x0000)", move.StandardOutput);
        Assert.Contains($"{study.Instances.Length} completed, 0 failed", move.StandardOutput);
        get.EnsureSuccess("dicom-events get");
        Assert.Equal(study.Instances.Order(), Directory.GetFiles(output).Select(f => DicomFile.Open(f).Dataset.GetString(DicomTag.SOPInstanceUID)).Order());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("0 completed, 2 failed", refused.StandardOutput);
        Assert.All(study.Instances, uid => Assert.Contains($"failed: {uid}", refused.StandardOutput));
    }

    private static DicomDataset StudyKeys(QueryRetrievePeers.Study study) =>
        new DicomDataset().Set(DicomTag.QueryRetrieveLevel, "STUDY").Set(DicomTag.StudyInstanceUID, study.Uid);

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
