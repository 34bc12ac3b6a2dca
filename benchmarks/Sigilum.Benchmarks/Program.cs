using BenchmarkDotNet.Running;

// Run all suites:      dotnet run -c Release --project benchmarks/Sigilum.Benchmarks -- --filter '*'
// Quick look (less precise): add --job short
BenchmarkSwitcher.FromAssembly(typeof(Sigilum.Benchmarks.SigningBenchmarks).Assembly).Run(args);
