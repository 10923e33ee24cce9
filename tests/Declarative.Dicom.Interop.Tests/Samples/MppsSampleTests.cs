using System.Text.Json.Nodes;
using Declarative.Dicom.Data;
using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.Samples;

/// <summary>samples/MppsScp, driven by dcmjs-dimse as the modality: N-CREATE, N-SET and the state rules of PS3.4 F.7.</summary>
public class MppsSampleTests
{
    private const string Mpps = "1.2.840.10008.3.1.2.3.3";

    private static object Create(string instance, string state, string? without = null)
    {
        var dataset = new Dictionary<string, object>
        {
            ["ScheduledStepAttributesSequence"] = new[] { new Dictionary<string, object> { ["StudyInstanceUID"] = "1.2.826.0.1.3680043.2.1125.1", ["AccessionNumber"] = "A1" } },
            ["Modality"] = "CT",
            ["PerformedStationAETitle"] = "CT01",
            ["PerformedProcedureStepStartDate"] = "20261128",
            ["PerformedProcedureStepStartTime"] = "101500",
            ["PerformedProcedureStepID"] = "PPS-1",
            ["PerformedProcedureStepStatus"] = state,
            ["PatientID"] = "P1",
        };
        if (without is not null)
        {
            dataset.Remove(without);
        }

        return new { type = "N-CREATE", sopClass = Mpps, sopInstance = instance, dataset };
    }

    private static object Set(string instance, string state, string? patientName = null)
    {
        var dataset = new Dictionary<string, object> { ["PerformedProcedureStepStatus"] = state, ["PerformedProcedureStepEndDate"] = "20261128" };
        if (patientName is not null)
        {
            dataset["PatientName"] = patientName;
        }

        return new { type = "N-SET", sopClass = Mpps, sopInstance = instance, dataset };
    }



    [Fact]
    public async Task DcmjsModality_CreatesAndCompletesAStep_ThenIsRefusedWhatPs34Refuses()
    {
        using var temp = new TempDirectory();
        var port = LocalPorts.Free();
        using var sample = SampleRunner.Start("MppsScp", "--listen", $"MPPS@127.0.0.1:{port}", "--store", Path.Combine(temp.Path, "mpps.db"));
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        var step = DicomUid.Generate();
        var unknown = DicomUid.Generate();

        var printed = DcmjsPeer.RunScu(port, "MODALITY", "MPPS", new[]
        {
            Create(step, "IN PROGRESS"),
            Set(step, "IN PROGRESS", patientName: "Doe^John"),
            Set(step, "COMPLETED"),
            Set(step, "DISCONTINUED"),
            Create(step, "IN PROGRESS"),
            Set(unknown, "COMPLETED"),
            Create(DicomUid.Generate(), "COMPLETED"),
            Create(DicomUid.Generate(), "IN PROGRESS", without: "Modality"),
        }, temp);
        var responses = printed.Where(r => r.ContainsKey("status")).ToList();
        // A missing response shows what dcmjs printed instead (a network error, an abort, the association closing).
        Assert.True(responses.Count == 8, $"dcmjs printed: {string.Join(" | ", printed.Select(line => line.ToJsonString()))}; the sample printed: {sample.Output}");

        // Success; Patient's Name is Not allowed in N-SET (0x0105, Table F.7.2-1); Success; no change after
        // COMPLETED (0x0110, F.7.2.2.3); duplicate (0x0111); unknown step (0x0112); not created IN PROGRESS (0x0106);
        // Modality is Type 1 in the N-CREATE (0x0120).
        Assert.Equal([0x0000, 0x0105, 0x0000, 0x0110, 0x0111, 0x0112, 0x0106, 0x0120], responses.Select(r => (int)r["status"]!));
        Assert.Equal(["N-CREATE", "N-SET", "N-SET", "N-SET", "N-CREATE", "N-SET", "N-CREATE", "N-CREATE"], responses.Select(r => (string)r["type"]!));
        Assert.Equal(step, (string?)responses[0]["sopInstance"]);
        Assert.Equal("Performed Procedure Step Object may no longer be updated", (string?)responses[3]["errorComment"]);
        Assert.Equal("not allowed in N-SET: (0010,0010) PatientName", (string?)responses[1]["errorComment"]);
        Assert.Contains($"MPPS {step}: created IN PROGRESS (step PPS-1, CT)", sample.Output);
        Assert.Contains($"MPPS {step}: COMPLETED", sample.Output);
        Assert.DoesNotContain("DISCONTINUED", sample.Output);
    }

    [Fact]
    public async Task KilledMidStep_AndRestartedOnTheSameStore_TheStepIsThere_AndItsRulesStillHold()
    {
        using var temp = new TempDirectory();
        var store = Path.Combine(temp.Path, "steps", "mpps.db");
        var port = LocalPorts.Free();
        var step = DicomUid.Generate();
        var first = SampleRunner.Start("MppsScp", "--listen", $"MPPS@127.0.0.1:{port}", "--store", store);
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        var created = DcmjsPeer.RunScu(port, "MODALITY", "MPPS", new[] { Create(step, "IN PROGRESS") }, temp).Where(r => r.ContainsKey("status")).ToList();
        Assert.Equal([0x0000], created.Select(r => (int)r["status"]!));

        await first.KillAsync(); // SIGKILL: the step's only copy is what the store committed
        first.Dispose();
        using var second = SampleRunner.Start("MppsScp", "--listen", $"MPPS@127.0.0.1:{port}", "--store", store);
        await LocalPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        await second.WaitForOutputAsync("(1 in progress)", TimeSpan.FromSeconds(10));
        var printed = DcmjsPeer.RunScu(port, "MODALITY", "MPPS", new[] { Set(step, "COMPLETED"), Set(step, "DISCONTINUED") }, temp);

        // The step created before the kill completes after the restart; once COMPLETED it refuses a change (0x0110).
        var responses = printed.Where(r => r.ContainsKey("status")).ToList();
        Assert.True(responses.Count == 2, $"dcmjs printed: {string.Join(" | ", printed.Select(line => line.ToJsonString()))}; the sample printed: {second.Output}");
        Assert.Equal([0x0000, 0x0110], responses.Select(r => (int)r["status"]!));
        Assert.Contains($"MPPS {step}: COMPLETED (version 1)", second.Output);
    }

    [Fact]
    public void BadListenArgument_PrintsUsage_AndExits64()
    {
        var result = SampleRunner.Run("MppsScp", "--listen", "NOT-AN-ENDPOINT");

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("Usage:", result.StandardError);
    }
}
