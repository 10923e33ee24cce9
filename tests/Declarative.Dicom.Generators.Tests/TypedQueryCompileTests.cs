namespace Declarative.Dicom.Generators.Tests;

/// <summary>What the typed query builders generated into the runtime will not compile: the queries PS3.4 forbids.</summary>
public class TypedQueryCompileTests
{
    [Theory]
    // A wildcard in a date (DA keys take DateMatch: a day or a range).
    [InlineData("StudyRootQuery.Study(studyDate: TextMatch.Like(\"2026*\"))", "CS1503")]
    // A wildcard in a UID (UI keys take UidMatch: one or a list).
    [InlineData("StudyRootQuery.Study(studyInstanceUID: TextMatch.Like(\"1.2.*\"))", "CS1503")]
    // A range in a name (PN keys take TextMatch: a value or a pattern).
    [InlineData("ModalityWorklistQuery.Create(patientName: DateMatch.Between(null, new System.DateOnly(2026, 1, 1)))", "CS1503")]
    // Below the top level of a hierarchical model without the unique key of the level above (PS3.4 C.4.1.2.2.1).
    [InlineData("StudyRootQuery.Series(modality: \"CT\")", "CS7036")]
    // A key of another level.
    [InlineData("StudyRootQuery.Study(sopInstanceUID: \"1.2.3\")", "CS1739")]
    public async Task AQueryTheStandardForbids_DoesNotCompile(string expression, string error)
    {
        var compilation = await GeneratorHarness.CompilationAsync($"using Declarative.Dicom; public static class Use {{ public static object Query() => {expression}; }}");

        Assert.Contains(GeneratorHarness.Errors(compilation), d => d.Id == error);
    }

    [Fact]
    public async Task TheQueriesItAllows_Compile()
    {
        var compilation = await GeneratorHarness.CompilationAsync("""
            using Declarative.Dicom;
            public static class Use
            {
                public static object Query() => StudyRootQuery.Series("1.2.3", modality: "CT", seriesNumber: ValueMatch.Any, seriesInstanceUID: UidMatch.Any);
            }
            """);

        Assert.Empty(GeneratorHarness.Errors(compilation));
    }
}
