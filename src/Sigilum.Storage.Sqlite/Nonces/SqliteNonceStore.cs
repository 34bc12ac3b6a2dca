using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Sigilum.Core.Nonces;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Nonces;

/// <summary>
/// Replay protection on the shared file. Records are written in <c>BEGIN IMMEDIATE</c> transactions, so the
/// look-up and the insert are atomic across every connection and process using the file: of 100 concurrent
/// attempts exactly one sees <see cref="NonceRecordResult.Recorded"/> (RPL-09, RPL-10). Commits are
/// <c>synchronous=FULL</c>: an accepted nonce survives a power cut, so a request accepted just before one cannot
/// be replayed after restart (RPL-08). A write that fails (disk full, busy beyond the timeout) throws, and the
/// caller denies (RPL-13).
/// <para>
/// Group commit: concurrent records queue to one writer that checks and inserts a whole batch in a single
/// transaction with a single fsync, then answers each caller. Nobody is answered before the batch holding its
/// nonce is durable, and duplicates inside a batch are seen in order (the first is recorded, the rest replays).
/// One transaction per request made every concurrent request wait on SQLite's sleeping busy handler; measured
/// under load it capped the gateway at a few hundred requests/s.
/// </para>
/// </summary>
internal sealed class SqliteNonceStore : INonceStore, IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly SqliteDatabase _database;
    private readonly long _capacity;
    private readonly Channel<PendingNonce> _queue = Channel.CreateUnbounded<PendingNonce>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteNonceStore(SqliteDatabase database, long capacity)
    {
        _database = database;
        _capacity = capacity;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(nonce);
        var pending = new PendingNonce(scope, nonce, SqliteValues.ToDb(expiresAt), SqliteValues.ToDb(now));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        // A caller that gives up still leaves its nonce to be recorded: the request it belonged to is refused anyway.
        return await pending.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingNonce>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                var results = await _database.WriteAsync(Durability.Full, async (connection, transaction) =>
                {
                    var answers = new NonceRecordResult[batch.Count];
                    for (var i = 0; i < batch.Count; i++)
                    {
                        answers[i] = await RecordAsync(connection, transaction, batch[i]).ConfigureAwait(false);
                    }
                    return answers;
                }, CancellationToken.None).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
#pragma warning disable CA1031 // Every waiting caller must learn that its nonce was not recorded; they deny (RPL-13).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(ex);
                }
            }
            batch.Clear();
        }
    }

    private async Task<NonceRecordResult> RecordAsync(SqliteConnection connection, SqliteTransaction transaction, PendingNonce pending)
    {
        var (scope, nonce, expiresMs, nowMs) = (pending.Scope, pending.Nonce, pending.ExpiresMs, pending.NowMs);
        await using (var find = connection.Sql("SELECT expires_at FROM nonces WHERE scope = $s AND nonce = $n", transaction)
            .With("$s", scope).With("$n", nonce))
        {
            var existing = await find.ExecuteScalarAsync().ConfigureAwait(false);
            if (existing is long existingExpiry)
            {
                if (existingExpiry > nowMs)
                {
                    return NonceRecordResult.Replayed;
                }
                // Expired: its window is over, so the nonce may be used again. The row count is unchanged.
                await using var renew = connection.Sql("UPDATE nonces SET expires_at = $e WHERE scope = $s AND nonce = $n", transaction)
                    .With("$e", expiresMs).With("$s", scope).With("$n", nonce);
                await renew.ExecuteNonQueryAsync().ConfigureAwait(false);
                return NonceRecordResult.Recorded;
            }
        }
        if (await CountAsync(connection, transaction, CancellationToken.None).ConfigureAwait(false) >= _capacity)
        {
            // At the bound: expired rows do not count, so drop them and look again.
            await PurgeAsync(connection, transaction, nowMs, CancellationToken.None).ConfigureAwait(false);
            if (await CountAsync(connection, transaction, CancellationToken.None).ConfigureAwait(false) >= _capacity)
            {
                // Every slot holds a live nonce: refuse rather than evict one (RPL-12).
                return NonceRecordResult.Full;
            }
        }
        await using var insert = connection.Sql("""
            INSERT INTO nonces(scope, nonce, expires_at) VALUES ($s, $n, $e);
            UPDATE nonce_count SET n = n + 1 WHERE id = 0;
            """, transaction).With("$s", scope).With("$n", nonce).With("$e", expiresMs);
        await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        return NonceRecordResult.Recorded;
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(Durability.Full, (connection, transaction) => PurgeAsync(connection, transaction, SqliteValues.ToDb(now), cancellationToken), cancellationToken);

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
