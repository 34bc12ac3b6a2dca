using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Claims;

/// <summary>
/// SQLite has no cross-process notification, so while anyone waits the head of the feed is read at
/// once and then every poll interval; this process's own commits wake waiters directly (Notify).
/// </summary>
internal sealed class SqliteChangePoller(SqliteDatabase database, TimeSpan pollInterval, TimeProvider time)
{
    public async Task ServeAsync(ChangeFeedWaiters waiters, CancellationToken cancellationToken)
    {
        var lastRead = 0L;
        for (var first = true; ; first = false)
        {
            if (first || time.GetElapsedTime(lastRead) >= pollInterval)
            {
                waiters.Advance(await database.ReadAsync(c => SqliteClaimStore.ReadLatestSeqAsync(c, cancellationToken), cancellationToken));
                lastRead = time.GetTimestamp();
            }
            if (waiters.Count == 0)
            {
                return;
            }
            // Sleep until the next read is due, but wake at least every IdleCheck to notice that nobody waits.
            var untilRead = pollInterval - time.GetElapsedTime(lastRead);
            var slice = untilRead < ChangeFeedWaiters.IdleCheck ? untilRead : ChangeFeedWaiters.IdleCheck;
            await Task.Delay(slice > TimeSpan.Zero ? slice : TimeSpan.Zero, time, cancellationToken);
        }
    }
}
