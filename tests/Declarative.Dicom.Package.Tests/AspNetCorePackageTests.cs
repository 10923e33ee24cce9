namespace Declarative.Dicom.Package.Tests;

/// <summary>
/// The UPS-RS hosting as users get it: a package of its own that brings ASP.NET Core (the core package does not), and a
/// fresh consumer that references only it serves UPS-RS on 127.0.0.1 and creates a workitem through it.
/// </summary>
[Collection(PackingCollection.Name)]
public sealed class AspNetCorePackageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "declarative-dicom-aspnetcore-package-" + Guid.NewGuid().ToString("N"));
    private readonly string _version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";

    private string Feed => Path.Combine(_root, "feed");

    [Fact]
    public void TheHostingIsAPackageOfItsOwn_AndAFreshConsumerServesUpsRs()
    {
        foreach (var project in new[] { "src/Declarative.Dicom/Declarative.Dicom.csproj", "src/Declarative.Dicom.AspNetCore/Declarative.Dicom.AspNetCore.csproj" })
        {
            var pack = Dotnet.Run(Dotnet.RepositoryRoot, Timeout, "pack", project, "-c", "Release", "-o", Feed, $"-p:Version={_version}");
            Assert.True(pack.ExitCode == 0, pack.Output);
        }

        var core = Path.Combine(Feed, $"Declarative.Dicom.{_version}.nupkg");
        var hosting = Path.Combine(Feed, $"Declarative.Dicom.AspNetCore.{_version}.nupkg");
        Assert.Empty(Nuspec.FrameworkReferences(core));
        Assert.DoesNotContain(Nuspec.Dependencies(core).Keys, id => id.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Equal(["Microsoft.AspNetCore.App"], Nuspec.FrameworkReferences(hosting));
        Assert.Equal(_version, Nuspec.Dependencies(hosting)["Declarative.Dicom"]);

        var dir = Path.Combine(_root, "Consumer");
        ConsumerProject.Write(dir, Feed, Path.Combine(_root, "packages"), "Declarative.Dicom.AspNetCore", _version, """
            using System.Net;
            using Declarative.Dicom.AspNetCore;
            using Declarative.Dicom.Data;
            using Declarative.Dicom.Network;
            using Declarative.Dicom.Outbox;
            using Declarative.Dicom.State;
            using Declarative.Dicom.Web;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Hosting.Server;
            using Microsoft.AspNetCore.Hosting.Server.Features;
            using Microsoft.Extensions.DependencyInjection;

            var store = new InMemoryInstanceStore();
            await using var outbox = new ReportOutbox(store.Outbox, new RemoteApplicationEntityTable()).Start();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Services.AddSingleton(new UnifiedProcedureStepWorkflow(store, outbox)).AddSingleton(outbox).AddUpsRs();
            await using var app = builder.Build();
            app.UseWebSockets();
            app.MapUpsRs("/dicomweb");
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new UpsRsClient(new Uri(address + "/dicomweb/"));
            var created = await client.CreateAsync(new DicomDataset()
                .Set(DicomTag.ProcedureStepState, "SCHEDULED").Set(DicomTag.ScheduledProcedureStepStartDateTime, "20261203100000")
                .Set(DicomTag.InputReadinessState, "READY").Set(DicomTag.ScheduledProcedureStepPriority, "LOW").Set(DicomTag.ProcedureStepLabel, "CT head"), "1.2.3.4");
            var read = await client.RetrieveAsync("1.2.3.4");
            Console.WriteLine($"CREATED {created.Status} READ {read.Status} {read.Datasets[0].GetString(DicomTag.ProcedureStepLabel)}");
            await app.StopAsync();
            """);
        var build = Dotnet.Run(dir, Timeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        var run = Dotnet.Run(dir, Timeout, "run", "--no-build", "-c", "Release");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("CREATED 201 READ 200 CT head", run.Output);
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
