using Declarative.Dicom.Interop.Tests.Samples;

namespace Declarative.Dicom.Interop.Tests.Tool;

/// <summary>`dicom-events conformance app.dll` prints the statement the application's own build wrote, from the runtime it was built with.</summary>
public class ToolConformanceTests
{
    [Theory]
    [InlineData(false, ".dicom-conformance.md")]
    [InlineData(true, ".dicom-conformance.json")]
    public void Conformance_OfTheMppsSample_IsTheStatementItsBuildWrote(bool json, string extension)
    {
        var assembly = SampleRunner.BuildOutput("MppsScp", "MppsScp.dll");
        var written = File.ReadAllText(Path.Combine(Path.GetDirectoryName(assembly)!, "MppsScp" + extension));

        var run = json ? DicomEventsTool.Run("conformance", assembly, "--json") : DicomEventsTool.Run("conformance", assembly);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("ModalityPerformedProcedureStepSOPClass", run.StandardOutput);
        Assert.Equal(written, run.StandardOutput);
    }

    [Fact]
    public void Conformance_OfAnAssemblyWithoutDeclarativeDicom_Exits1()
    {
        var run = DicomEventsTool.Run("conformance", typeof(System.Text.Json.JsonSerializer).Assembly.Location);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not use Declarative.Dicom", run.StandardError);
    }
}
