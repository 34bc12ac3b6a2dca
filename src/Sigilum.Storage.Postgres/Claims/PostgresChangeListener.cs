using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Claims;

/// <summary>
/// While anyone waits: LISTEN on one dedicated connection for the <c>NOTIFY</c> that every claim write
/// sends in its transaction (delivered at commit, by any instance), and read the feed head right after
/// LISTEN and on every quiet poll interval, which covers anything committed before LISTEN took effect.
/// </summary>
internal sealed class PostgresChangeListener(PostgresDatabase database, TimeSpan pollInterval)
{
    public const string Channel = "sigilum_claim_changes";

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
        while (true)
        {
            waiters.Advance(await PostgresClaimStore.ReadLatestSeqAsync(connection, null, cancellationToken));
            if (waiters.Count == 0)
            {
                break;
            }
            // Returns early when a notification arrives (the handler above has already run).
            await connection.WaitAsync(pollInterval, cancellationToken);
        }
        // The pool's reset (DISCARD ALL) would also drop the subscription; say it explicitly anyway.
        await using var unlisten = connection.Sql($"UNLISTEN {Channel}");
        await unlisten.ExecuteNonQueryAsync(cancellationToken);
    }
}
