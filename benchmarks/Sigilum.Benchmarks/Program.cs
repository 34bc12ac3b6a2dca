using BenchmarkDotNet.Running;

// Run all suites:      dotnet run -c Release --project benchmarks/Sigilum.Benchmarks -- --filter '*'
// Quick look (less precise): add --job short
// The replay set's retained bytes per entry (not a BenchmarkDotNet suite): -- replay-memory
if (args is ["replay-memory"])
{
    Sigilum.Benchmarks.ReplaySetMemory.Run(Console.Out);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Sigilum.Benchmarks.SigningBenchmarks).Assembly).Run(args);
