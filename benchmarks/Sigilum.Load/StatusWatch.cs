using System.Diagnostics;

namespace Sigilum.Load;

/// <summary>
/// Revocation latency (DESIGN §6, target ≤ 1 s): one worker sends signed requests back to back. After the
/// first 2xx it creates the ready file (the script then revokes), and it stops at the first response with
/// the awaited status, reporting the wall-clock time that response arrived and the last 2xx before it.
/// </summary>
internal sealed class StatusWatch(LoadOptions options, HttpClient client, TimeProvider time)
{
    public async Task<StatusWatchResult> RunAsync(CancellationToken cancellationToken)
    {
        var awaited = options.UntilStatus ?? 403;
        var deadline = Stopwatch.GetTimestamp() + (long)(options.MaxSeconds * Stopwatch.Frequency);
        long requests = 0, lastSuccessUnixMs = 0;
        var ready = false;
        var statuses = new SortedDictionary<int, long>();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var status = (int)response.StatusCode;
            requests++;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status == awaited && ready)
            {
                return new StatusWatchResult(true, awaited, now, lastSuccessUnixMs, requests, statuses);
            }
            if (status is >= 200 and < 300)
            {
                lastSuccessUnixMs = now;
                if (!ready)
                {
                    ready = true;
                    if (options.ReadyFile is { } path)
                    {
                        await File.WriteAllTextAsync(path, "ready\n", cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        return new StatusWatchResult(false, awaited, 0, lastSuccessUnixMs, requests, statuses);
    }
}
