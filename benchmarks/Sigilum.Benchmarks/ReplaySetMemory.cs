using System.Globalization;
using System.Security.Cryptography;
using Sigilum.Core.Replay;

namespace Sigilum.Benchmarks;

/// <summary>
/// What the in-memory replay set retains per entry, and what filling it allocates (docs/perf/gateway-memory.md):
/// <c>dotnet run -c Release --project benchmarks/Sigilum.Benchmarks -- replay-memory</c>. Forced full collections
/// around each step; the nonces themselves are allocated before the first measurement, so only the set is counted.
/// Uses only the set's public surface, so the same file measures the implementation of any commit.
/// </summary>
internal static class ReplaySetMemory
{
    public static void Run(TextWriter output)
    {
        output.WriteLine("| scenario | entries held | retained bytes | bytes an entry | allocated while filling |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var count in new[] { 140_000, 210_000, 500_000 })
        {
            Measure(output, $"{count:N0} nonces recorded", count, TimeSpan.FromSeconds(306), TimeSpan.Zero);
        }
        // The gateway at 1,000 requests/s for 900 s with the 306 s lifetime: the set in its steady state (306,000 live,
        // plus up to 30 s of expired entries the next periodic sweep frees).
        Measure(output, "1,000 req/s for 900 s, lifetime 306 s", 900_000, TimeSpan.FromSeconds(306), TimeSpan.FromMilliseconds(1));
    }

    public static string[] Nonces(int count)
    {
        // 22 base64url characters, as the SDK's nonces (16 random bytes).
        var nonces = new string[count];
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            RandomNumberGenerator.Fill(bytes);
            nonces[i] = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        return nonces;
    }

    private static void Measure(TextWriter output, string scenario, int count, TimeSpan lifetime, TimeSpan step)
    {
        var nonces = Nonces(count);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
        var before = Settle();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var set = new InMemoryReplaySet(1_000_000, TimeSpan.FromSeconds(30));
        foreach (var nonce in nonces)
        {
            set.TryRecord("gw:bench", nonce, now + lifetime, now);
            now += step;
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = Settle() - before;
        var live = set.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {live:N0} | {retained / 1e6:F1} MB | {(double)retained / live:F1} | {allocated / 1e6:F1} MB |"));
        GC.KeepAlive(set);
        GC.KeepAlive(nonces);
    }

    private static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
