using System.Text.Json.Nodes;
using Declarative.Dicom.Interop.Tests.Infrastructure;

namespace Declarative.Dicom.Interop.Tests.UpsRs;

/// <summary>
/// The UPS-RS clients that are not ours: Node's `ws` holding a notification connection (node/ups-rs-subscriber.js) and the
/// curl script that runs a workflow (ups-rs-workflow.sh), with what each printed.
/// </summary>
internal static class UpsRsScript
{
    /// <summary>What the script's transactions are answered, in order: subscribe, create, claim, progress, performed, complete, complete again.</summary>
    public static readonly string[] Answered = ["subscribe 201", "create 201", "claim 200", "progress 200", "performed 200", "complete 200", "complete-again 200"];

    /// <summary>The events the workflow causes, as "event type, state or progress".</summary>
    public static readonly string[] Events = ["1 SCHEDULED", "1 IN PROGRESS", "3 50", "1 COMPLETED"];

    /// <summary>A notification connection for <paramref name="aeTitle"/> at the origin on <paramref name="httpPort"/>, open; it closes after <paramref name="count"/> events.</summary>
    public static async Task<BackgroundProcess> ConnectAsync(int httpPort, string aeTitle, int count)
    {
        var subscriber = new BackgroundProcess("node", Path.Combine(RepositoryPaths.NodePeers, "ups-rs-subscriber.js"),
            $"ws://127.0.0.1:{httpPort}/dicomweb/subscribers/{aeTitle}", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await subscriber.WaitForOutputAsync("{\"open\":true}", TimeSpan.FromSeconds(15));
        return subscriber;
    }

    /// <summary>The curl script: subscribes <paramref name="subscriber"/> to the worklist, then creates, claims, progresses and completes <paramref name="workitem"/>.</summary>
    public static ExternalTool.Result RunWorkflow(int httpPort, string subscriber, string workitem) =>
        ExternalTool.Run("bash", TimeSpan.FromSeconds(60), Path.Combine(RepositoryPaths.Root, "tests", "Declarative.Dicom.Interop.Tests", "UpsRs", "ups-rs-workflow.sh"),
            $"http://127.0.0.1:{httpPort}/dicomweb", subscriber, workitem, Data.DicomUid.Generate()).EnsureSuccess("the curl script");

    /// <summary>The script's "transaction status" lines.</summary>
    public static string[] Answers(ExternalTool.Result script) => [.. script.StandardOutput.Split('\n').Where(l => l.Split(' ') is [_, { Length: 3 }])];

    /// <summary>The events the Node subscriber printed.</summary>
    public static List<JsonObject> Heard(BackgroundProcess subscriber) => [.. DcmjsPeer.ParseLines(subscriber.Output).Where(l => l.ContainsKey("eventType"))];

    /// <summary>An event as <see cref="Events"/> writes it.</summary>
    public static string Describe(JsonObject heard) => $"{(int)heard["eventType"]!} {heard["state"] ?? heard["progress"]}";
}
