using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Interop.Tests.Samples;

namespace Declarative.Dicom.Interop.Tests.Query;

/// <summary>
/// The Worklist sample serving the items as DICOM JSON, and DCMTK's wlmscpfs serving them as .wl files, both started once
/// for the class on loopback ports.
/// </summary>
public sealed class WorklistPeers : IAsyncLifetime
{
    public static readonly DicomDataset[] Items =
    [
        WorklistScp.Item(1, "Doe^Jane", "CT", "20261201", "083000"),
        WorklistScp.Item(2, "Doe^John", "MR", "20261201", "093000"),
        WorklistScp.Item(3, "Dole^Ann", "CT", "20261202", "110000"),
        WorklistScp.Item(4, "Roe^Richard", "CT", "20261203", "140000", station: "CT02"),
        WorklistScp.Item(5, "Moe^Mary", "CT", "20261202", "083000"),
        WorklistScp.Item(6, "Poe^Edgar", "MR", "20261201", "130000", station: "MR01"),
    ];

    private readonly TempDirectory _temp = new();

    internal BackgroundProcess Wlmscpfs { get; private set; } = null!;

    public int WlmscpfsPort { get; private set; }

    internal BackgroundProcess Sample { get; private set; } = null!;

    public int SamplePort { get; } = LocalPorts.Free();

    public string Folder(string name) => _temp.File(name);

    public async Task InitializeAsync()
    {
        (Wlmscpfs, WlmscpfsPort) = await Infrastructure.Wlmscpfs.StartAsync(_temp.File("wlm"), Items);
        var json = Directory.CreateDirectory(_temp.File("json")).FullName;
        for (var i = 0; i < Items.Length; i++)
        {
            File.WriteAllText(Path.Combine(json, $"item{i + 1}.json"), DicomJsonWriter.Write(Items[i]));
        }

        Sample = SampleRunner.Start("Worklist", "--listen", $"WORKLIST@127.0.0.1:{SamplePort}", "--folder", json);
        await Sample.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(30));
    }

    public Task DisposeAsync()
    {
        Sample.Dispose();
        Wlmscpfs.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// DCMTK findscu -W asks the same queries of DCMTK's wlmscpfs and of the Worklist sample serving the same items: the
/// answers must be the same, key by key (as DICOM JSON, in any order).
/// </summary>
public class WorklistCrossCheckTests(WorklistPeers peers) : IClassFixture<WorklistPeers>
{
    private static readonly string[] ReturnKeys =
    [
        "-k", "PatientName", "-k", "PatientID", "-k", "AccessionNumber", "-k", "StudyInstanceUID",
        "-k", "(0040,0100)[0].ScheduledStationAETitle", "-k", "(0040,0100)[0].ScheduledProcedureStepStartDate",
        "-k", "(0040,0100)[0].ScheduledProcedureStepStartTime", "-k", "(0040,0100)[0].Modality",
        "-k", "(0040,0100)[0].ScheduledPerformingPhysicianName",
    ];

    public static TheoryData<string, string[]> Queries => new()
    {
        { "wildcard name, modality, date range", ["-k", "PatientName=Do*", "-k", "(0040,0100)[0].Modality=CT", "-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201-20261202"] },
        { "combined date and time range", ["-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201-20261202", "-k", "(0040,0100)[0].ScheduledProcedureStepStartTime=0900-1200"] },
        { "open-ended date range", ["-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261202-"] },
        { "question mark wildcard", ["-k", "PatientName=?oe^J*"] },
        { "universal keys only", [] },
        { "sequence key: station", ["-k", "(0040,0100)[0].ScheduledStationAETitle=CT02"] },
        { "sequence key: performing physician", ["-k", "(0040,0100)[0].ScheduledPerformingPhysicianName=Welby*"] },
        { "single value: patient ID", ["-k", "PatientID=PID5"] },
        { "single value: lower-case name", ["-k", "PatientName=doe^jane"] },
        { "single date", ["-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void FindscuWorklist_GetsTheSameAnswersFromTheSampleAsFromWlmscpfs(string what, string[] keys)
    {
        var name = string.Concat(what.Where(char.IsLetterOrDigit));
        var theirs = Ask(peers.Folder("theirs-" + name), Wlmscpfs.AETitle, peers.WlmscpfsPort, keys);
        var ours = Ask(peers.Folder("ours-" + name), "WORKLIST", peers.SamplePort, keys);

        Assert.True(theirs.Count > 0 || what == "single value: lower-case name", $"{what}: wlmscpfs found nothing\n{peers.Wlmscpfs.Output}");
        Assert.Equal(theirs, ours);
        Assert.Contains($"match(es)", peers.Sample.Output); // the sample answered, and logged the query
    }
    /// <summary>Runs findscu -W with the query keys on top of the return keys; each response as DICOM JSON, sorted.</summary>
    private static List<string> Ask(string folder, string calledAE, int port, string[] keys)
    {
        Directory.CreateDirectory(folder);
        ExternalTool.Run("findscu", ["-W", "-X", "-od", folder, "-aec", calledAE, "127.0.0.1", port.ToString(), .. ReturnKeys, .. keys]).EnsureSuccess("findscu");
        return Directory.GetFiles(folder, "rsp*.dcm").Select(f => DicomJsonWriter.Write(WithoutCharacterSet(DicomFile.Open(f).Dataset))).Order().ToList();
    }

    /// <summary>
    /// We carry the match's own Specific Character Set (ISO_IR 100 here) into each response; wlmscpfs leaves it out of
    /// responses whose values are all ASCII. Both are right (PS3.4 C.4.1.1.3.2); the values are compared without it.
    /// </summary>
    private static DicomDataset WithoutCharacterSet(DicomDataset dataset)
    {
        dataset.Remove(DicomTag.SpecificCharacterSet);
        return dataset;
    }
}
