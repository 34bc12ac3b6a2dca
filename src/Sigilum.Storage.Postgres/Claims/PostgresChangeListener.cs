using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Claims;
using Sigilum.Storage.Data;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Claims;

/// <summary>
/// While anyone waits: LISTEN on one dedicated connection for the <c>NOTIFY</c> that every claim write
/// sends in its transaction (delivered at commit, by any instance), and read the feed head right after
/// LISTEN and on every quiet poll interval, which covers anything committed before LISTEN took effect.
/// </summary>
internal sealed class PostgresChangeListener(PostgresDatabase database, TimeSpan pollInterval, TimeProvider time)
{
    public const string Channel = "sigilum_claim_changes";

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    private volatile TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>For tests: completes once LISTEN is in effect and the head has been read after it.</summary>
    internal Task Listening => _listening.Task;

    public async Task ServeAsync(ChangeFeedWaiters waiters, CancellationToken cancellationToken)
    {
        await using var connection = await database.Source.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, e) =>
        {
            if (long.TryParse(e.Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
            {
                waiters.Advance(seq);
            }
        };
        await using (var listen = connection.Sql($"LISTEN {Channel}"))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        var lastRead = 0L;
        for (var first = true; ; first = false)
        {
            if (first || time.GetElapsedTime(lastRead) >= pollInterval)
            {
                waiters.Advance(await ReadHeadAsync(connection, cancellationToken));
                lastRead = time.GetTimestamp();
                _listening.TrySetResult();
            }
            if (waiters.Count == 0)
            {
                break;
            }
            // Returns early when a notification arrives (the handler above has already run). Not cancelled
            // to stop listening (cancelling a notification wait has had pool bugs); it simply times out.
            // At least 1 ms: Npgsql reads a zero timeout as "wait forever".
            var untilRead = pollInterval - time.GetElapsedTime(lastRead);
            var slice = untilRead < ChangeFeedWaiters.IdleCheck ? untilRead : ChangeFeedWaiters.IdleCheck;
            await connection.WaitAsync(slice < MinimumWait ? MinimumWait : slice, cancellationToken);
        }
        _listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The pool's reset (DISCARD ALL) would also drop the subscription; say it explicitly anyway.
        await using var unlisten = connection.Sql($"UNLISTEN {Channel}");
        await unlisten.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ReadHeadAsync(Npgsql.NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql(SqlClaimStore.LatestSeqSql);
        return await command.ScalarLongAsync(cancellationToken);
    }
}
