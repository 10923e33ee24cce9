using Declarative.Dicom.Data;
using Declarative.Dicom.Data.Json;
using Declarative.Dicom.Interop.Tests.Infrastructure;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Interop.Tests.Query;

/// <summary>
/// DCMTK findscu -W asks the same queries of DCMTK's wlmscpfs and of our [CFind] SCP serving the same items: the answers
/// must be the same, key by key (as DICOM JSON, in any order).
/// </summary>
public class WorklistCrossCheckTests
{
    private static readonly DicomDataset[] Items =
    [
        WorklistScp.Item(1, "Doe^Jane", "CT", "20261201", "083000"),
        WorklistScp.Item(2, "Doe^John", "MR", "20261201", "093000"),
        WorklistScp.Item(3, "Dole^Ann", "CT", "20261202", "110000"),
        WorklistScp.Item(4, "Roe^Richard", "CT", "20261203", "140000", station: "CT02"),
        WorklistScp.Item(5, "Moe^Mary", "CT", "20261202", "083000"),
        WorklistScp.Item(6, "Poe^Edgar", "MR", "20261201", "130000", station: "MR01"),
    ];

    private static readonly string[] ReturnKeys =
    [
        "-k", "PatientName", "-k", "PatientID", "-k", "AccessionNumber", "-k", "StudyInstanceUID",
        "-k", "(0040,0100)[0].ScheduledStationAETitle", "-k", "(0040,0100)[0].ScheduledProcedureStepStartDate",
        "-k", "(0040,0100)[0].ScheduledProcedureStepStartTime", "-k", "(0040,0100)[0].Modality",
    ];

    public static TheoryData<string, string[]> Queries => new()
    {
        { "wildcard name, modality, date range", ["-k", "PatientName=Do*", "-k", "(0040,0100)[0].Modality=CT", "-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201-20261202"] },
        { "combined date and time range", ["-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201-20261202", "-k", "(0040,0100)[0].ScheduledProcedureStepStartTime=0900-1200"] },
        { "open-ended date range", ["-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261202-"] },
        { "question mark wildcard", ["-k", "PatientName=?oe^J*"] },
        { "universal keys only", [] },
        { "sequence key: station", ["-k", "(0040,0100)[0].ScheduledStationAETitle=CT02"] },
        { "single value: patient ID", ["-k", "PatientID=PID5"] },
        { "single value: lower-case name", ["-k", "PatientName=doe^jane"] },
        { "single date", ["-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task FindscuWorklist_GetsTheSameAnswersFromUsAsFromWlmscpfs(string what, string[] keys)
    {
        using var temp = new TempDirectory();
        var (wlm, wlmPort) = await Wlmscpfs.StartAsync(temp.File("wlm"), Items);
        using (wlm)
        {
            await using var server = new DicomServer(new DicomServerOptions { AETitle = "OURSCP", Port = 0 },
                new WorklistScp(Items, new DicomQueryOptions { CombineDateAndTime = true })).Start();

            var theirs = Ask(temp.File("theirs"), Wlmscpfs.AETitle, wlmPort, keys);
            var ours = Ask(temp.File("ours"), "OURSCP", server.Port, keys);

            Assert.True(theirs.Count > 0 || what == "single value: lower-case name", $"{what}: wlmscpfs found nothing\n{wlm.Output}");
            Assert.Equal(theirs, ours);
        }
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
