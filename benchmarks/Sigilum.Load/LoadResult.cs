using System.Globalization;
using Sigilum.LoadKit.Cpu;

namespace Sigilum.Load;

/// <summary>What one load run measured. Latencies in microseconds; percentiles are nearest-rank over every request.</summary>
internal sealed record LoadResult(
    string Url,
    bool Signed,
    int Connections,
    double DurationSeconds,
    long Requests,
    double RequestsPerSecond,
    double MeanMicros,
    long P50Micros,
    long P90Micros,
    long P99Micros,
    long MaxMicros,
    long Errors,
    IReadOnlyDictionary<string, long> Outcomes,
    double ToolCpuSeconds,
    CpuReport? Cpu)
{
    public static LoadResult From(LoadOptions options, double measuredSeconds, IReadOnlyList<LatencyRecorder> workers, double toolCpuSeconds,
        Func<long, CpuReport>? cpu = null)
    {
        var all = new long[workers.Sum(w => w.Count)];
        var outcomes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var worker in workers)
        {
            worker.Micros.CopyTo(all.AsSpan(offset));
            offset += worker.Count;
            var statuses = worker.Statuses;
            for (var status = 0; status < statuses.Length; status++)
            {
                if (statuses[status] > 0)
                {
                    var key = status.ToString(CultureInfo.InvariantCulture);
                    outcomes[key] = outcomes.GetValueOrDefault(key) + statuses[status];
                }
            }
            foreach (var (name, count) in worker.Exceptions)
            {
                outcomes[name] = outcomes.GetValueOrDefault(name) + count;
            }
        }
        Array.Sort(all);
        var errors = outcomes.Where(o => !(o.Key.Length == 3 && o.Key[0] == '2')).Sum(o => o.Value);
        return new LoadResult(
            options.Url.ToString(), options.Sign, options.Connections, measuredSeconds, all.Length,
            all.Length / measuredSeconds,
            all.Length == 0 ? 0 : all.Average(),
            Percentile(all, 50), Percentile(all, 90), Percentile(all, 99),
            all.Length == 0 ? 0 : all[^1],
            errors, outcomes, toolCpuSeconds, cpu?.Invoke(all.Length));
    }

    // Nearest rank: the smallest value with at least p % of the samples at or below it.
    internal static long Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
