using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Claims;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Claims;

/// <summary>
/// Claims and their change feed. Every change takes the feed's advisory lock first, then writes the
/// claim, its feed entry and a NOTIFY in one transaction. The lock is held until commit, so feed
/// sequence numbers become visible in order on every instance: a reader that has seen n never later
/// finds a smaller n' appear (a bare identity column does not promise that across concurrent commits).
/// </summary>
internal sealed partial class PostgresClaimStore(PostgresDatabase database, ClaimChangeSignal signal) : IClaimStore
{
    public async Task<(ClaimRecord Claim, bool Created)> SubmitAsync(ClaimRecord pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var (claim, created, seq) = await database.WriteAsync(async (connection, transaction) =>
        {
            await LockFeedAsync(connection, transaction, cancellationToken);
            var existing = await FindAsync(connection, transaction, pending.Namespace, pending.Service, pending.PublicKey, cancellationToken);
            if (existing is { Status: ClaimStatus.Pending or ClaimStatus.Approved })
            {
                return (existing, false, 0L);
            }
            // A terminal claim (rejected, revoked, expired) for the triple is overwritten, new id included.
            await using var upsert = Bind(connection.Sql(UpsertSql, transaction), pending);
            var stored = (await ReadAllAsync(upsert, cancellationToken)).Single();
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
        var change = await database.WriteAsync(async (connection, transaction) =>
        {
            await LockFeedAsync(connection, transaction, cancellationToken);
            // Compare-and-set in one statement; the row lock makes a concurrent CAS re-check the status.
            await using var update = Bind(connection.Sql(TransitionSql, transaction), updated).With("expected", EnumText.Of(expected));
            var stored = (await ReadAllAsync(update, cancellationToken)).SingleOrDefault();
            if (stored is null)
            {
                return null;
            }
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
                SELECT seq, namespace, claim::text, at FROM claim_changes
                WHERE seq > @after AND (@ns::text IS NULL OR namespace = @ns)
                ORDER BY seq LIMIT @limit
                """).With("after", afterSeq).With("ns", NpgsqlDbType.Text, ns).With("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var changes = new List<ClaimChange>();
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new ClaimChange
                {
                    Seq = reader.GetInt64(0),
                    Namespace = reader.GetString(1),
                    Claim = ClaimSnapshot.Deserialize(reader.GetString(2)),
                    At = reader.Time(3),
                });
            }
            return changes;
        }, cancellationToken);
    }

    public Task<long> LatestChangeSeqAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => ReadLatestSeqAsync(connection, null, cancellationToken), cancellationToken);

    internal static async Task<long> ReadLatestSeqAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql("SELECT coalesce(max(seq), 0) FROM claim_changes", transaction);
        return await command.ScalarLongAsync(cancellationToken);
    }

    private static async Task LockFeedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql(AdvisoryLocks.ClaimFeedSql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends the feed entry and queues the NOTIFY, which PostgreSQL delivers only if the transaction commits.</summary>
    private static async Task<long> AppendChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimRecord claim, CancellationToken cancellationToken)
    {
        await using var command = connection.Sql($"""
            WITH appended AS (
                INSERT INTO claim_changes(namespace, claim_id, claim, at) VALUES (@ns, @id, @claim, @at) RETURNING seq
            )
            SELECT seq, pg_notify('{PostgresChangeListener.Channel}', seq::text) FROM appended
            """, transaction)
            .With("ns", claim.Namespace).With("id", claim.Id)
            .With("claim", NpgsqlDbType.Jsonb, ClaimSnapshot.Serialize(claim)).With("at", PostgresValues.ToDb(claim.UpdatedAt));
        return await command.ScalarLongAsync(cancellationToken);
    }
}
