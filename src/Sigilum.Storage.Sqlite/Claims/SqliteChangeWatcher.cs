using Microsoft.Data.Sqlite;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Claims;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Claims;

/// <summary>
/// Serves the change signal's waiters on SQLite (ADR 0034). This process's own commits wake waiters directly
/// (<see cref="ClaimChangeSignal.Notify"/>), so nothing here is on the path of a local approval or revocation.
/// SQLite has no cross-process notification, so while anyone waits this holds one connection and asks it every
/// check interval for <c>PRAGMA data_version</c>, which changes only when another connection committed (another
/// process on the file, or another store in this one); only then is the feed's head read. The connection is
/// returned when the last waiter leaves.
/// </summary>
internal sealed class SqliteChangeWatcher(SqliteDatabase database, TimeSpan checkInterval, TimeProvider time)
{
    private long _headReads;

    /// <summary>For tests: how many times the feed's head was read (once per serving round plus once per foreign commit seen).</summary>
    internal long HeadReads => Interlocked.Read(ref _headReads);

    public async Task ServeAsync(ChangeFeedWaiters waiters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(Durability.Normal, cancellationToken);
        await using var dataVersion = connection.Sql("PRAGMA data_version");
        await using var head = connection.Sql(SqlClaimStore.LatestSeqSql);
        // The version is read before the head: a commit between the two changes the version, so it is read again.
        var seen = await dataVersion.ScalarLongAsync(cancellationToken);
        waiters.Advance(await ReadHeadAsync(head, cancellationToken));
        var lastCheck = time.GetTimestamp();
        while (waiters.Count > 0)
        {
            // Sleep until the next check is due, but wake at least every IdleCheck to notice that nobody waits.
            var untilCheck = checkInterval - time.GetElapsedTime(lastCheck);
            var slice = untilCheck < ChangeFeedWaiters.IdleCheck ? untilCheck : ChangeFeedWaiters.IdleCheck;
            if (slice > TimeSpan.Zero)
            {
                await Task.Delay(slice, time, cancellationToken);
            }
            if (time.GetElapsedTime(lastCheck) < checkInterval)
            {
                continue;
            }
            lastCheck = time.GetTimestamp();
            var version = await dataVersion.ScalarLongAsync(cancellationToken);
            if (version != seen)
            {
                seen = version;
                waiters.Advance(await ReadHeadAsync(head, cancellationToken));
            }
        }
    }

    private async Task<long> ReadHeadAsync(SqliteCommand head, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _headReads);
        return await head.ScalarLongAsync(cancellationToken);
    }
}
