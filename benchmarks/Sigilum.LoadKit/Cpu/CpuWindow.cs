namespace Sigilum.LoadKit.Cpu;

/// <summary>
/// Takes a <see cref="CpuSampler"/> snapshot when the measured window opens and another when it closes, so
/// CPU per request covers exactly the requests the load tool counts (warm-up and drain excluded). Runs
/// beside the workers; the edges are hit within a timer tick (~1 ms of a ≥ 1 s window).
/// </summary>
internal static class CpuWindow
{
    public static async Task<(CpuSnapshot Start, CpuSnapshot End)> MeasureAsync(
        CpuSampler sampler, long startTimestamp, long endTimestamp, TimeProvider time, CancellationToken cancellationToken)
    {
        await WaitUntilAsync(startTimestamp, time, cancellationToken).ConfigureAwait(false);
        var start = sampler.Take();
        await WaitUntilAsync(endTimestamp, time, cancellationToken).ConfigureAwait(false);
        return (start, sampler.Take());
    }

    private static async Task WaitUntilAsync(long timestamp, TimeProvider time, CancellationToken cancellationToken)
    {
        while (time.GetTimestamp() < timestamp)
        {
            var remaining = time.GetElapsedTime(time.GetTimestamp(), timestamp);
            await Task.Delay(remaining > TimeSpan.FromMilliseconds(1) ? remaining : TimeSpan.FromMilliseconds(1), time, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
