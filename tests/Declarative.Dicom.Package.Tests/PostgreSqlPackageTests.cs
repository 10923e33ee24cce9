using Declarative.Dicom.TestSupport;

namespace Declarative.Dicom.Package.Tests;

/// <summary>
/// The PostgreSQL provider as users get it: a package of its own beside the core (which does not depend on Npgsql), and a
/// fresh consumer that references only it builds and keeps a workitem in a real PostgreSQL.
/// </summary>
[Collection(PackingCollection.Name)]
public sealed class PostgreSqlPackageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "declarative-dicom-pg-package-" + Guid.NewGuid().ToString("N"));
    private readonly string _version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";

    private string Feed => Path.Combine(_root, "feed");

    [Fact]
    public void TheProviderIsAPackageOfItsOwn_AndAFreshConsumerKeepsAnInstanceInPostgreSql()
    {
        foreach (var project in new[] { "src/Declarative.Dicom/Declarative.Dicom.csproj", "src/Declarative.Dicom.PostgreSql/Declarative.Dicom.PostgreSql.csproj" })
        {
            var pack = Dotnet.Run(Dotnet.RepositoryRoot, Timeout, "pack", project, "-c", "Release", "-o", Feed, $"-p:Version={_version}");
            Assert.True(pack.ExitCode == 0, pack.Output);
        }

        var core = Nuspec.Dependencies(Path.Combine(Feed, $"Declarative.Dicom.{_version}.nupkg")).Keys;
        var provider = Nuspec.Dependencies(Path.Combine(Feed, $"Declarative.Dicom.PostgreSql.{_version}.nupkg"));
        Assert.DoesNotContain(core, id => id.StartsWith("Npgsql", StringComparison.Ordinal));
        Assert.Equal(_version, provider["Declarative.Dicom"]);
        Assert.Contains("Npgsql", provider.Keys);

        var dir = Path.Combine(_root, "Consumer");
        ConsumerProject.Write(dir, Feed, Path.Combine(_root, "packages"), "Declarative.Dicom.PostgreSql", _version, """
            using Declarative.Dicom.Data;
            using Declarative.Dicom.PostgreSql;
            using Declarative.Dicom.State;

            await using var store = new PostgreSqlInstanceStore(args[0], new PostgreSqlStoreOptions { Schema = args[1] });
            await using (var transaction = await store.BeginAsync())
            {
                await transaction.InsertAsync(new StoredInstance("1.2.840.10008.5.1.4.34.6.1", "1.2.3.4", "SCHEDULED", 0,
                    new DicomDataset().Set(DicomTag.ProcedureStepLabel, "CT head"), DateTimeOffset.UtcNow));
                await transaction.CommitAsync();
            }

            var kept = await store.FindAsync("1.2.840.10008.5.1.4.34.6.1", "1.2.3.4");
            Console.WriteLine($"KEPT {kept!.State} {kept.Dataset.GetString(DicomTag.ProcedureStepLabel)}");
            """);
        var build = Dotnet.Run(dir, Timeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        var run = Dotnet.Run(dir, Timeout, "run", "--no-build", "-c", "Release", "--", ThrowawayPostgres.ConnectionString, ThrowawayPostgres.NewSchema());
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("KEPT SCHEDULED CT head", run.Output);
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
