using System.Diagnostics;
using Declarative.Dicom.Data;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Package.Tests;

/// <summary>
/// Packs Declarative.Dicom with a version no other feed has, and builds fresh console projects that
/// reference it from a local folder with one PackageReference: the generated code is there, the analyzers
/// report, and the program answers a real N-EVENT-REPORT.
/// </summary>
[Collection(PackingCollection.Name)]
public sealed class PackageConsumerTests : IClassFixture<PackageConsumerTests.PackedFeed>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private readonly PackedFeed _feed;

    public PackageConsumerTests(PackedFeed feed) => _feed = feed;

    /// <summary>The package, packed once for the class into a local folder feed.</summary>
    public sealed class PackedFeed : IDisposable
    {
        public PackedFeed()
        {
            Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
            var pack = Dotnet.Run(Dotnet.RepositoryRoot, BuildTimeout, "pack", "src/Declarative.Dicom/Declarative.Dicom.csproj",
                "-c", "Release", "-o", Folder, $"-p:Version={Version}");
            Assert.True(pack.ExitCode == 0, pack.Output);
            Package = Path.Combine(Folder, $"Declarative.Dicom.{Version}.nupkg");
            Assert.True(File.Exists(Package), pack.Output);
        }

        public string Root { get; } = Path.Combine(Path.GetTempPath(), "declarative-dicom-package-" + Guid.NewGuid().ToString("N"));

        public string Folder => Path.Combine(Root, "feed");

        public string Version { get; }

        public string Package { get; }

        /// <summary>A consumer project in its own folder: nuget.config adds the local feed, packages restore into a fresh folder.</summary>
        public string NewConsumer(string name, string program, params (string File, string Text)[] sources)
        {
            var dir = Path.Combine(Root, name);
            ConsumerProject.Write(dir, Folder, Path.Combine(Root, "packages"), "Declarative.Dicom", Version, program);
            foreach (var (file, text) in sources)
            {
                File.WriteAllText(Path.Combine(dir, file), text);
            }

            return dir;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private const string Listener = """
        using Declarative.Dicom;

        public partial class CommitmentListener
        {
            public TaskCompletionSource<string> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            [EventReport(SopClass.StorageCommitmentPushModel, 2)]
            public DimseStatus OnFailures(StorageCommitmentFailuresExist report)
            {
                Received.TrySetResult($"REPORT {report.TransactionUID} 0x{report.FailedSOPSequence[0].FailureReason:X4}");
                return DimseStatus.Success;
            }
        }
        """;

    private const string ListenerProgram = """
        using Declarative.Dicom.Network;

        var listener = new CommitmentListener();
        await using var server = new DicomServer(new DicomServerOptions { AETitle = "CONSUMER", Port = 0 }, listener).Start();
        Console.WriteLine($"LISTENING {server.Port}");
        Console.WriteLine(await listener.Received.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        await server.StopAsync(drain: TimeSpan.FromSeconds(10)); // the response goes out and the peer releases before we leave
        """;

    [Fact]
    public void Package_HoldsTheRuntimeAndEveryCompilerPart()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(_feed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("lib/net8.0/Declarative.Dicom.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Declarative.Dicom.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Declarative.Dicom.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Declarative.Dicom.CodeFixes.dll", entries);
        Assert.Contains("build/Declarative.Dicom.targets", entries);
        Assert.Contains("tools/conformance/Declarative.Dicom.Conformance.dll", entries);
        Assert.Contains("tools/conformance/Declarative.Dicom.Conformance.runtimeconfig.json", entries);
    }

    /// <summary>The .NET 8 SDK's compiler is Roslyn 4.8: a compiler part that references a newer one would not load there.</summary>
    [Fact]
    public void CompilerParts_ReferenceNoRoslynNewerThan4_8()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(_feed.Package);
        var parts = zip.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, parts.Count);
        foreach (var part in parts)
        {
            using var image = new MemoryStream();
            using (var entry = part.Open())
            {
                entry.CopyTo(image);
            }

            image.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(image);
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            var roslyn = metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
                .Where(r => metadata.GetString(r.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .Select(r => (Name: metadata.GetString(r.Name), r.Version))
                .ToList();

            Assert.NotEmpty(roslyn);
            Assert.All(roslyn, r => Assert.True(r.Version <= new Version(4, 8, 0, 0), $"{part.Name} references {r.Name} {r.Version}"));
        }
    }

    [Fact]
    public async Task FreshConsumer_Builds_GeneratesDispatch_AndAnswersARealReport()
    {
        var dir = _feed.NewConsumer("Consumer", ListenerProgram, ("CommitmentListener.cs", Listener));
        var build = Dotnet.Run(dir, BuildTimeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "obj"), "CommitmentListener.Dimse.g.cs", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(_feed.Root, "packages", "declarative.dicom", _feed.Version.ToLowerInvariant(), $"declarative.dicom.{_feed.Version.ToLowerInvariant()}.nupkg")));

        using var program = Process.Start(new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", "Release"]) { WorkingDirectory = dir, RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            var listening = await program.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var port = int.Parse(listening!.Split(' ')[1]);
            var report = new DicomDataset().Set(DicomTag.TransactionUID, "1.2.3.99");
            report.SetSequence(DicomTag.FailedSOPSequence, new DicomDataset()
                .Set(DicomTag.ReferencedSOPClassUID, SopClass.CTImageStorage).Set(DicomTag.ReferencedSOPInstanceUID, "1.2.3.99.1").Set<ushort>(DicomTag.FailureReason, 0x0112));
            await using (var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("CONSUMER", "127.0.0.1", port),
                [new PresentationContextRequest(SopClass.StorageCommitmentPushModel) { ScuRole = false, ScpRole = true }]))
            {
                var response = await association.SendAsync(new NEventReportRequest(SopClass.StorageCommitmentPushModel, "1.2.840.10008.1.20.1.1", 2, report));
                Assert.Equal(DimseStatus.Success, response.Status);
                await association.ReleaseAsync();
            }

            Assert.Equal("REPORT 1.2.3.99 0x0112", await program.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            if (!program.HasExited)
            {
                program.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public void DisallowedStatus_FailsTheBuildWithDcm1001_AndTheOfferedFixMakesItBuild()
    {
        const string handler = """
            using Declarative.Dicom;

            public partial class Listener
            {
                [EventReport(SopClass.StorageCommitmentPushModel, 2)]
                public ushort OnFailures(StorageCommitmentFailuresExist report)
                {
                    return 0xA700;
                }
            }
            """;
        var dir = _feed.NewConsumer("Broken", "System.Console.WriteLine(new Listener());", ("Listener.cs", handler));

        var broken = Dotnet.Run(dir, BuildTimeout, "build", "-c", "Release");

        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("Listener.cs(8,16): error DCM1001: Status 0xA700 is not allowed in the N-EVENT-REPORT response of the Storage Commitment Service Class; allowed: 0x0000 (Success), 0x0110 (Processing failure)", broken.Output);

        // The first action ReplaceStatusCodeFix offers for 0xA700 (its tests prove the edit): the nearest allowed failure.
        File.WriteAllText(Path.Combine(dir, "Listener.cs"), handler.Replace("return 0xA700;", "return 0x0213;"));
        var fixedBuild = Dotnet.Run(dir, BuildTimeout, "build", "-c", "Release");

        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.Output);
    }

    private const string WorkflowScp = """
        using Declarative.Dicom;

        public partial class WorkflowScp
        {
            [CEcho]
            public DimseStatus OnEcho() => DimseStatus.Success;

            [NAction(SopClass.StorageCommitmentPushModel, 1)]
            public DimseStatus OnCommit(StorageCommitmentRequest request)
            {
                System.Console.WriteLine($"COMMIT {request.TransactionUID}");
                return DimseStatus.Success;
            }

            [NCreate(SopClass.ModalityPerformedProcedureStep)]
            public DimseResult OnCreate(NCreateRequest request) => DimseResult.Success();

            [NSet(SopClass.ModalityPerformedProcedureStep)]
            public ushort OnSet(NSetRequest request) => 0x0000;

            [CFind(SopClass.FINDModalityWorklistInformationModel)]
            public async System.Collections.Generic.IAsyncEnumerable<Declarative.Dicom.Data.DicomDataset> OnWorklist(DicomQuery query)
            {
                await System.Threading.Tasks.Task.Yield();
                foreach (var name in new[] { "Doe^Jane", "Roe^Richard" })
                {
                    var item = new Declarative.Dicom.Data.DicomDataset().Set(Declarative.Dicom.Data.DicomTag.PatientName, name);
                    if (query.Matches(item))
                        yield return item;
                }
            }
        }
        """;

    [Fact]
    public async Task FreshConsumer_ServesEveryKind_AndAnNSetReturningAnEventStatus_FailsWithDcm1001()
    {
        var dir = _feed.NewConsumer("Workflow", """
            using Declarative.Dicom.Network;

            await using var server = new DicomServer(new DicomServerOptions { AETitle = "WORKFLOW", Port = 0 }, new WorkflowScp()).Start();
            Console.WriteLine($"LISTENING {server.Port}");
            Console.ReadLine();
            """, ("WorkflowScp.cs", WorkflowScp));
        var build = Dotnet.Run(dir, BuildTimeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        var statement = Assert.Single(Directory.GetFiles(Path.Combine(dir, "bin"), "Workflow.dicom-conformance.md", SearchOption.AllDirectories));
        Assert.Contains("| ModalityPerformedProcedureStepSOPClass | 1.2.840.10008.3.1.2.3.3 | N-SET | SCP |", File.ReadAllText(statement));
        Assert.Contains("| FINDModalityWorklistInformationModel | 1.2.840.10008.5.1.4.31 | C-FIND | SCP |", File.ReadAllText(statement));
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "bin"), "Workflow.dicom-conformance.json", SearchOption.AllDirectories));

        using (var program = Process.Start(new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", "Release"])
            { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false })!)
        {
            try
            {
                var port = int.Parse((await program.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)))!.Split(' ')[1]);
                await using var association = await DicomClient.ConnectAsync(new RemoteApplicationEntity("WORKFLOW", "127.0.0.1", port),
                    [new PresentationContextRequest(SopClass.Verification), new PresentationContextRequest(SopClass.StorageCommitmentPushModel),
                     new PresentationContextRequest(SopClass.FINDModalityWorklistInformationModel)]);
                Assert.Equal(DimseStatus.Success, (await association.SendAsync(new CEchoRequest())).Status);
                var commit = StorageCommitmentRequest.Create("1.2.3.77", [StorageCommitmentRequest.ReferencedSOPSequenceItem.Create(SopClass.CTImageStorage, "1.2.3.77.1")]);
                Assert.Equal(DimseStatus.Success, (await association.SendAsync(commit.ToRequest(WellKnownSopInstance.StorageCommitmentPushModel))).Status);
                var names = new List<string>();
                await foreach (var match in association.FindAsync(SopClass.FINDModalityWorklistInformationModel, new DicomDataset().Set(DicomTag.PatientName, "Doe*")))
                {
                    names.Add(match.GetString(DicomTag.PatientName));
                }

                Assert.Equal(["Doe^Jane"], names);
                await association.ReleaseAsync();
                Assert.Equal("COMMIT 1.2.3.77", await program.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            }
            finally
            {
                program.Kill(entireProcessTree: true);
            }
        }

        File.WriteAllText(Path.Combine(dir, "WorkflowScp.cs"), WorkflowScp.Replace("OnSet(NSetRequest request) => 0x0000;", "OnSet(NSetRequest request) => 0x0113;"));
        var broken = Dotnet.Run(dir, BuildTimeout, "build", "-c", "Release");

        Assert.NotEqual(0, broken.ExitCode);
        const string expected = "WorkflowScp.cs(19,49): error DCM1001: Status 0x0113 is not allowed in the N-SET response of the Modality Performed Procedure Step Management; "
            + "allowed: 0x0000 (Success), 0x0105 (No such attribute), 0x0106 (Invalid attribute value), 0x0110 (Processing failure), 0x0112 (SOP Instance not recognised)";
        Assert.True(broken.Output.Contains(expected, StringComparison.Ordinal), broken.Output);

        // N-GET is not a message of the MPPS SOP Class (PS3.4 F.7) but of its Retrieve SOP Class (F.8): DCM1009 says which.
        File.WriteAllText(Path.Combine(dir, "WorkflowScp.cs"), WorkflowScp.Replace("[NSet(SopClass.ModalityPerformedProcedureStep)]",
            "[NGet(SopClass.ModalityPerformedProcedureStep)] public DimseResult OnGet(NGetRequest request) => DimseResult.Success();\n\n            [NSet(SopClass.ModalityPerformedProcedureStep)]"));
        var wrongClass = Dotnet.Run(dir, BuildTimeout, "build", "-c", "Release");

        Assert.NotEqual(0, wrongClass.ExitCode);
        Assert.True(wrongClass.Output.Contains("error DCM1009: The ModalityPerformedProcedureStep SOP Class does not use N-GET (PS3.4: N-CREATE, N-SET); N-GET is the ModalityPerformedProcedureStepRetrieve SOP Class's (1.2.840.10008.3.1.2.3.4)", StringComparison.Ordinal), wrongClass.Output);
    }
}
