using NpgsqlTypes;
using Sigilum.Core.Sessions;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Sessions;

/// <summary>Owner credentials by token hash.</summary>
internal sealed class PostgresSessionStore(PostgresDatabase database) : ISessionStore
{
    private const string Columns = "token_hash, owner_id, namespace, kind, created_at, expires_at, consumed_at, revoked_at";

    public Task CreateAsync(OwnerSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return database.ExecuteAsync(
            $"INSERT INTO owner_sessions({Columns}) VALUES (@hash, @owner, @ns, @kind, @created, @expires, @consumed, @revoked)",
            c => c.With("hash", session.TokenHash).With("owner", session.OwnerId).With("ns", session.Namespace)
                .With("kind", EnumText.Of(session.Kind)).With("created", PostgresValues.ToDb(session.CreatedAt))
                .With("expires", PostgresValues.ToDb(session.ExpiresAt))
                .With("consumed", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(session.ConsumedAt))
                .With("revoked", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(session.RevokedAt)),
            cancellationToken);
    }

    public Task<OwnerSession?> FindAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM owner_sessions WHERE token_hash = @hash").With("hash", tokenHash);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new OwnerSession
                {
                    TokenHash = reader.GetString(0),
                    OwnerId = reader.GetString(1),
                    Namespace = reader.GetString(2),
                    Kind = EnumText.ToSessionKind(reader.GetString(3)),
                    CreatedAt = reader.Time(4),
                    ExpiresAt = reader.Time(5),
                    ConsumedAt = reader.TimeOrNull(6),
                    RevokedAt = reader.TimeOrNull(7),
                }
                : null;
        }, cancellationToken);

    /// <summary>
    /// One conditional UPDATE: a concurrent consumer waits on the row lock, re-checks
    /// <c>consumed_at IS NULL</c> and finds it set, so exactly one wins. Revoked or expired
    /// credentials cannot be consumed either (fail closed).
    /// </summary>
    public async Task<bool> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("""
            UPDATE owner_sessions SET consumed_at = @now
            WHERE token_hash = @hash AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > @now
            """, c => c.With("now", PostgresValues.ToDb(now)).With("hash", tokenHash), cancellationToken) == 1;

    public async Task<bool> RevokeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            "UPDATE owner_sessions SET revoked_at = @now WHERE token_hash = @hash AND revoked_at IS NULL",
            c => c.With("now", PostgresValues.ToDb(now)).With("hash", tokenHash), cancellationToken) == 1;
}
