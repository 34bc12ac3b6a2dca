using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Pending;

/// <summary>
/// <c>GET /dashboard/pending/events</c>: Server-Sent Events telling the pending page that the namespace's claims
/// changed (filed, approved, rejected, revoked or expired, here, in another tab, from the CLI or on another
/// instance). Each event carries only the feed position; the page fetches the list itself, so nothing but the
/// session's own namespace is ever rendered. Woken by the store's change signal like the data planes' push stream
/// (<c>/v1/stream</c>); ends when the browser leaves, the host stops, or the session ends (checked on every wake
/// and keep-alive, so a signed-out tab stops getting events).
/// </summary>
internal static class PendingEvents
{
    private const int BatchSize = 500;

    public static async Task StreamAsync(
        HttpContext context, ISigilumStore store, TimeProvider time, IOptions<ControlPlaneOptions> options, IHostApplicationLifetime lifetime, long? after)
    {
        var user = context.Owner();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = linked.Token;
        // A reconnect resumes after the last event seen; a first connect after the position the page was rendered at.
        var cursor = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var lastId) ? lastId
            : after is >= 0 ? after.Value
            : await store.Claims.LatestChangeSeqAsync(aborted);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var keepAlive = TimeSpan.FromSeconds(options.Value.StreamKeepAliveSeconds);
        try
        {
            await response.WriteAsync("retry: 5000\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            while (await SessionLivesAsync(store, user, time, aborted))
            {
                // The watermark first: a change committed after it wakes the wait below at once.
                var watermark = await store.Claims.LatestChangeSeqAsync(aborted);
                var changes = await store.Claims.ReadChangesAsync(user.Namespace, cursor, BatchSize, aborted);
                if (changes.Count > 0)
                {
                    // One event per batch: the page re-reads the whole list anyway.
                    cursor = changes[^1].Seq;
                    await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"event: change\nid: {cursor}\ndata: {changes.Count}\n\n"), aborted);
                    await response.Body.FlushAsync(aborted);
                }
                if (changes.Count == BatchSize)
                {
                    continue;
                }
                if (!await store.ChangeSignal.WaitAsync(Math.Max(watermark, cursor), keepAlive, aborted))
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The tab closed or the host is stopping; the browser reconnects with Last-Event-ID.
        }
    }

    private static async Task<bool> SessionLivesAsync(ISigilumStore store, DashboardUser user, TimeProvider time, CancellationToken aborted) =>
        !aborted.IsCancellationRequested &&
        await store.Sessions.FindAsync(user.SessionHash, aborted) is { } session && session.IsUsable(time.GetUtcNow());
}
