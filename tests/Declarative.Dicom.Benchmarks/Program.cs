using BenchmarkDotNet.Running;
using Declarative.Dicom.Benchmarks;

if (args.Length > 0 && args[0] == "--allocations")
{
    await AllocationProfile.RunAsync(args.Length > 1 && int.TryParse(args[1], out var n) ? n : 200_000, args.Contains("--acceptor"));
    return;
}

if (args.Length > 0 && args[0] == "--flood")
{
    // --no-release: the baseline, with the server's memory release after spikes turned off.
    var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
    await FloodProfile.RunAsync(numbers.Length > 0 ? int.Parse(numbers[0]) : 8, numbers.Length > 1 ? long.Parse(numbers[1]) : 1024, release: !args.Contains("--no-release"));
    return;
}

if (args.Length > 0 && args[0] == "load")
{
    Environment.ExitCode = await LoadProfile.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "serve")
{
    Environment.ExitCode = await LoadProfile.ServeAsync(args);
    return;
}

if (args.Length > 0 && args[0] is "large-store" or "store-send" or "store-receive")
{
    Environment.ExitCode = args[0] switch
    {
        "large-store" => await LargeStoreProfile.RunAsync(args),
        "store-send" => await LargeStoreProfile.SendAsync(args),
        _ => await LargeStoreProfile.ReceiveAsync(args),
    };
    return;
}

if (args.Length > 0 && args[0] is "move-load" or "move-serve")
{
    Environment.ExitCode = args[0] == "move-load" ? await MoveProfile.RunAsync(args) : await MoveProfile.ServeAsync(args);
    return;
}

if (args.Length > 0 && args[0] is "find-load" or "find-serve")
{
    Environment.ExitCode = args[0] == "find-load" ? await FindProfile.RunAsync(args) : await FindProfile.ServeAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "scale-out")
{
    Environment.ExitCode = await ScaleOutProfile.RunAsync(args);
    return;
}

if (args.Length > 0 && args[0] == "ups-load")
{
    Environment.ExitCode = await UpsProfile.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
