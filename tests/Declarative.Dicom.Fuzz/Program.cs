using Declarative.Dicom.Fuzz;

// dotnet Declarative.Dicom.Fuzz.dll seed <folder>                 writes the seed corpus (committed in corpus/)
// dotnet Declarative.Dicom.Fuzz.dll mutate <target> <count> [seed]  in-process mutations; findings go to findings/<target>/
// dotnet Declarative.Dicom.Fuzz.dll afl <target>                   one AFL run's input on stdin, instrumented by SharpFuzz (tools/fuzz.sh)
switch (args)
{
    case ["seed", var folder]:
        foreach (var (target, name, bytes) in Seeds.All())
        {
            Directory.CreateDirectory(Path.Combine(folder, target));
            File.WriteAllBytes(Path.Combine(folder, target, name), bytes);
        }

        return 0;
    case ["mutate", var target, var count, .. var rest] when FuzzTargets.All.ContainsKey(target):
        var findings = FuzzRun.Run(target, int.Parse(count), rest.Length > 0 ? int.Parse(rest[0]) : Environment.TickCount);
        foreach (var finding in findings)
        {
            var folder = Path.Combine("findings", target);
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(finding.Input))), finding.Input);
            Console.WriteLine($"{finding.Exception.GetType().Name}: {finding.Exception.Message}");
        }

        Console.WriteLine($"{target}: {count} mutations, {findings.Count} finding(s)");
        return findings.Count == 0 ? 0 : 1;
    case ["afl", var target] when FuzzTargets.All.TryGetValue(target, out var run):
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            run(copy.ToArray());
        });
        return 0;
    default:
        Console.Error.WriteLine("usage: seed <folder> | mutate <pdu|command|dataset|json|proxy|upsrs|upsevent> <count> [seed] | afl <target>");
        return 64;
}
