using Declarative.Dicom.Fuzz;

namespace Declarative.Dicom.Tests.Fuzz;

/// <summary>
/// The fuzz targets in ./test.sh: each replays its corpus (seeds and past findings) and 25,000 seeded mutations,
/// 175,000 inputs in all; an input that escapes with an exception the stack does not turn into an A-ABORT or a
/// failure status is a failure, reported with its bytes so that it becomes a regression test.
/// </summary>
public class FuzzReplayTests
{
    [Theory]
    [InlineData("pdu")]
    [InlineData("command")]
    [InlineData("dataset")]
    [InlineData("json")]
    [InlineData("proxy")]
    [InlineData("upsrs")]
    [InlineData("upsevent")]
    public void CorpusAnd25000Mutations_EscapeWithNoUnexpectedException(string target)
    {
        Assert.NotEmpty(FuzzRun.Corpus(target));

        var findings = FuzzRun.Run(target, mutations: 25_000, seed: 20261128);

        Assert.True(findings.Count == 0, string.Join("\n", findings.Take(5).Select(f => $"{f.Exception.GetType().Name}: {f.Exception.Message} on {Convert.ToBase64String(f.Input)}")));
    }
}
