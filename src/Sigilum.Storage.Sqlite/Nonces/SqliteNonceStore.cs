using Microsoft.Data.Sqlite;
using Sigilum.Core.Nonces;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Nonces;

/// <summary>
/// Replay protection on the shared file. Each record is one <c>BEGIN IMMEDIATE</c> transaction, so the
/// look-up and the insert are atomic across every connection and process using the file: of 100
/// concurrent attempts exactly one sees <see cref="NonceRecordResult.Recorded"/> (RPL-09, RPL-10).
/// Commits are <c>synchronous=FULL</c>: an accepted nonce survives a power cut, so a request accepted
/// just before one cannot be replayed after restart (RPL-08). A write that fails (disk full, busy
/// beyond the timeout) throws, and the caller denies (RPL-13).
/// </summary>
internal sealed class SqliteNonceStore(SqliteDatabase database, long capacity) : INonceStore
{
    public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(nonce);
        var nowMs = SqliteValues.ToDb(now);
        var expiresMs = SqliteValues.ToDb(expiresAt);
        return database.WriteAsync(Durability.Full, async (connection, transaction) =>
        {
            await using (var find = connection.Sql("SELECT expires_at FROM nonces WHERE scope = $s AND nonce = $n", transaction)
                .With("$s", scope).With("$n", nonce))
            {
                var existing = await find.ExecuteScalarAsync(cancellationToken);
                if (existing is long existingExpiry)
                {
                    if (existingExpiry > nowMs)
                    {
                        return NonceRecordResult.Replayed;
                    }
                    // Expired: its window is over, so the nonce may be used again. The row count is unchanged.
                    await using var renew = connection.Sql("UPDATE nonces SET expires_at = $e WHERE scope = $s AND nonce = $n", transaction)
                        .With("$e", expiresMs).With("$s", scope).With("$n", nonce);
                    await renew.ExecuteNonQueryAsync(cancellationToken);
                    return NonceRecordResult.Recorded;
                }
            }
            if (await CountAsync(connection, transaction, cancellationToken) >= capacity)
            {
                // At the bound: expired rows do not count, so drop them and look again.
                await PurgeAsync(connection, transaction, nowMs, cancellationToken);
                if (await CountAsync(connection, transaction, cancellationToken) >= capacity)
                {
                    // Every slot holds a live nonce: refuse rather than evict one (RPL-12).
                    return NonceRecordResult.Full;
                }
            }
            await using var insert = connection.Sql("""
                INSERT INTO nonces(scope, nonce, expires_at) VALUES ($s, $n, $e);
                UPDATE nonce_count SET n = n + 1 WHERE id = 0;
                """, transaction).With("$s", scope).With("$n", nonce).With("$e", expiresMs);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return NonceRecordResult.Recorded;
        }, cancellationToken);
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.WriteAsync(Durability.Full, (connection, transaction) => PurgeAsync(connection, transaction, SqliteValues.ToDb(now), cancellationToken), cancellationToken);

    /// <summary>Rows held, live or expired but not yet purged: an upper bound on the live count.</summary>
    private static async Task<long> CountAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql("SELECT n FROM nonce_count WHERE id = 0", transaction);
        return await command.ScalarLongAsync(cancellationToken);
    }

    private static async Task<int> PurgeAsync(SqliteConnection connection, SqliteTransaction transaction, long nowMs, CancellationToken cancellationToken)
    {
        await using var delete = connection.Sql("DELETE FROM nonces WHERE expires_at <= $now", transaction).With("$now", nowMs);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            await using var count = connection.Sql("UPDATE nonce_count SET n = n - $d WHERE id = 0", transaction).With("$d", deleted);
            await count.ExecuteNonQueryAsync(cancellationToken);
        }
        return deleted;
    }
}
