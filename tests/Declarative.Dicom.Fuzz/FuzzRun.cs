namespace Declarative.Dicom.Fuzz;

/// <summary>What a fuzz run found: the target, the input that escaped with an unexpected exception, and the exception.</summary>
public sealed record FuzzFinding(string Target, byte[] Input, Exception Exception);

/// <summary>Replays a target's corpus and runs seeded mutations of it in this process (no coverage guidance: that is AFL's part).</summary>
public static class FuzzRun
{
    public static string CorpusFolder(string target) => Path.Combine(AppContext.BaseDirectory, "corpus", target);

    public static IReadOnlyList<byte[]> Corpus(string target) =>
        Directory.GetFiles(CorpusFolder(target)).OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();

    /// <summary>Every corpus entry, then <paramref name="mutations"/> mutated inputs; returns what escaped the target.</summary>
    public static List<FuzzFinding> Run(string target, int mutations, int seed)
    {
        var run = FuzzTargets.All[target];
        var corpus = Corpus(target);
        var findings = new List<FuzzFinding>();
        void Try(byte[] input)
        {
            try
            {
                run(input);
            }
            catch (Exception ex)
            {
                findings.Add(new FuzzFinding(target, input, ex));
            }
        }

        foreach (var entry in corpus)
        {
            Try(entry);
        }

        var mutator = new Mutator(seed);
        for (var i = 0; i < mutations; i++)
        {
            Try(mutator.Mutate(corpus));
        }

        return findings;
    }
}
