using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Claims;

/// <summary>
/// Claims and their change feed. Every change writes the claim row and its feed entry in one durable write
/// transaction that first takes the engine's feed lock (<see cref="SqlDialect.ClaimFeedLockSql"/>; SQLite's
/// <c>BEGIN IMMEDIATE</c> is already one), so sequence numbers become visible in commit order: a reader that has
/// seen n never later finds a smaller n' appear.
/// </summary>
internal sealed partial class SqlClaimStore(RelationalDatabase database, ClaimChangeSignal signal) : IClaimStore
{
    public async Task<(ClaimRecord Claim, bool Created)> SubmitAsync(ClaimRecord pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var (claim, created, seq) = await database.WriteAsync(Durability.Full, async session =>
        {
            await LockFeedAsync(session, cancellationToken);
            var existing = await FindAsync(session, pending.Namespace, pending.Service, pending.PublicKey, cancellationToken);
            if (existing is { Status: ClaimStatus.Pending or ClaimStatus.Approved })
            {
                return (existing, false, 0L);
            }
            // A terminal claim (rejected, revoked, expired) for the triple is overwritten, new id included.
            await using var upsert = Bind(session.Sql(UpsertSql), pending);
            var stored = (await upsert.ReadAllAsync(ClaimRows.Read, cancellationToken)).Single();
            return (stored, true, await AppendChangeAsync(session, stored, cancellationToken));
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
        var change = await database.WriteAsync(Durability.Full, async session =>
        {
            await LockFeedAsync(session, cancellationToken);
            // Compare-and-set in one statement (PostgreSQL's row lock makes a concurrent CAS re-check the status).
            await using var update = Bind(session.Sql(TransitionSql), updated).With("@expected", EnumText.Of(expected));
            var stored = (await update.ReadAllAsync(ClaimRows.Read, cancellationToken)).SingleOrDefault();
            if (stored is null)
            {
                return null;
            }
            var seq = await AppendChangeAsync(session, stored, cancellationToken);
            return new ClaimChange { Seq = seq, Namespace = stored.Namespace, Claim = stored, At = stored.UpdatedAt };
        }, cancellationToken);
        if (change is not null)
        {
            signal.Notify(change.Seq);
        }
        return change;
    }

    public async Task<IReadOnlyList<ClaimChange>> ReadChangesAsync(string? ns, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await database.QueryAsync($"""
            SELECT seq, namespace, {database.Dialect.ClaimSnapshotColumn}, at FROM claim_changes
            WHERE seq > @after AND (@ns IS NULL OR namespace = @ns)
            ORDER BY seq LIMIT @limit
            """, c => c.With("@after", afterSeq).With("@ns", ns).With("@limit", limit), ClaimRows.ReadChange, cancellationToken);
    }

    public Task<long> LatestChangeSeqAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async session =>
        {
            await using var command = session.Sql(LatestSeqSql);
            return await command.ScalarLongAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>The feed's head: the newest sequence number, 0 when the feed is empty (the engines' change watchers read it too).</summary>
    public const string LatestSeqSql = "SELECT coalesce(max(seq), 0) FROM claim_changes";

    private static async Task LockFeedAsync(SqlSession session, CancellationToken cancellationToken)
    {
        if (session.Dialect.ClaimFeedLockSql is { } sql)
        {
            await session.RunAsync(sql, cancellationToken);
        }
    }

    private static async Task<long> AppendChangeAsync(SqlSession session, ClaimRecord claim, CancellationToken cancellationToken)
    {
        await using var command = session.Sql(session.Dialect.AppendClaimChangeSql)
            .With("@ns", claim.Namespace).With("@id", claim.Id).With("@claim", ClaimSnapshot.Serialize(claim)).With("@at", claim.UpdatedAt);
        return await command.ScalarLongAsync(cancellationToken);
    }
}
