namespace Sigilum.Gateway.Operations;

/// <summary>Runs every <see cref="IReadinessProbe"/> concurrently under one timeout; returns the names that failed.</summary>
internal static class ReadinessCheck
{
    public static async Task<IReadOnlyList<string>> FailedAsync(IEnumerable<IReadinessProbe> probes, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(probes);
        IReadinessProbe[] all = [.. probes];
        if (all.Length == 0)
        {
            return [];
        }
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var results = await Task.WhenAll(all.Select(probe => RunAsync(probe, linked.Token)));
        ct.ThrowIfCancellationRequested();
        return [.. all.Where((_, i) => !results[i]).Select(probe => probe.Name)];
    }

    private static async Task<bool> RunAsync(IReadinessProbe probe, CancellationToken ct)
    {
        try
        {
            // WaitAsync: a probe that ignores its token still cannot hold the endpoint past the timeout.
            return await probe.IsReadyAsync(ct).WaitAsync(ct);
        }
#pragma warning disable CA1031 // Any failure of a dependency check means "not ready", never a 500.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
