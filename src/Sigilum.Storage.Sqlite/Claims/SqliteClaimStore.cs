using Microsoft.Data.Sqlite;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Claims;

/// <summary>
/// Claims and their change feed. Every change commits the claim row and its feed entry in one
/// <c>BEGIN IMMEDIATE</c> transaction, so SQLite's single writer makes the feed's order the commit
/// order, and a reader that has seen sequence n never later finds an n' &lt; n appear.
/// </summary>
internal sealed partial class SqliteClaimStore(SqliteDatabase database, ClaimChangeSignal signal) : IClaimStore
{
    public async Task<(ClaimRecord Claim, bool Created)> SubmitAsync(ClaimRecord pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var (claim, created, seq) = await database.WriteAsync(Durability.Full, async (connection, transaction) =>
        {
            var existing = await FindAsync(connection, transaction, pending.Namespace, pending.Service, pending.PublicKey, cancellationToken);
            if (existing is { Status: ClaimStatus.Pending or ClaimStatus.Approved })
            {
                return (existing, false, 0L);
            }
            // A terminal claim (rejected, revoked, expired) for the triple is overwritten, new id included.
            await using (var upsert = Bind(connection.Sql(UpsertSql, transaction), pending))
            {
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            var stored = await GetAsync(connection, transaction, pending.Id, cancellationToken)
                ?? throw new InvalidOperationException("A claim vanished inside its own transaction.");
            return (stored, true, await AppendChangeAsync(connection, transaction, stored, cancellationToken));
        }, cancellationToken);
        if (created)
        {
            signal.Notify(seq);
        }
        return (claim, created);
    }

    public async Task<ClaimChange?> TransitionAsync(ClaimRecord updated, ClaimStatus expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var change = await database.WriteAsync(Durability.Full, async (connection, transaction) =>
        {
            await using (var update = Bind(connection.Sql(TransitionSql, transaction), updated).With("$expected", EnumText.Of(expected)))
            {
                // Compare-and-set: the status check and the write are one statement under the write lock.
                if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return null;
                }
            }
            var stored = await GetAsync(connection, transaction, updated.Id, cancellationToken)
                ?? throw new InvalidOperationException("A claim vanished inside its own transaction.");
            var seq = await AppendChangeAsync(connection, transaction, stored, cancellationToken);
            return new ClaimChange { Seq = seq, Namespace = stored.Namespace, Claim = stored, At = stored.UpdatedAt };
        }, cancellationToken);
        if (change is not null)
        {
            signal.Notify(change.Seq);
        }
        return change;
    }

    public Task<IReadOnlyList<ClaimChange>> ReadChangesAsync(string? ns, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadAsync<IReadOnlyList<ClaimChange>>(async connection =>
        {
            await using var command = connection.Sql("""
                SELECT seq, namespace, claim, at FROM claim_changes
                WHERE seq > $after AND ($ns IS NULL OR namespace = $ns)
                ORDER BY seq LIMIT $limit
                """).With("$after", afterSeq).With("$ns", ns).With("$limit", limit);
            return await command.ReadAllAsync(ClaimRows.ReadChange, cancellationToken);
        }, cancellationToken);
    }

    public Task<long> LatestChangeSeqAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => ReadLatestSeqAsync(connection, cancellationToken), cancellationToken);

    /// <summary>The feed's head: the newest sequence number, 0 when the feed is empty.</summary>
    internal const string LatestSeqSql = "SELECT coalesce(max(seq), 0) FROM claim_changes";

    internal static async Task<long> ReadLatestSeqAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql(LatestSeqSql);
        return await command.ScalarLongAsync(cancellationToken);
    }

    private static async Task<long> AppendChangeAsync(SqliteConnection connection, SqliteTransaction transaction, ClaimRecord claim, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql("""
            INSERT INTO claim_changes(namespace, claim_id, claim, at) VALUES ($ns, $id, $claim, $at);
            SELECT last_insert_rowid();
            """, transaction)
            .With("$ns", claim.Namespace).With("$id", claim.Id)
            .With("$claim", ClaimSnapshot.Serialize(claim)).With("$at", SqliteValues.ToDb(claim.UpdatedAt));
        return await command.ScalarLongAsync(cancellationToken);
    }
}
