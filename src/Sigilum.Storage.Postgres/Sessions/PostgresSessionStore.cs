using NpgsqlTypes;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Sessions;

/// <summary>Owner credentials by token hash.</summary>
internal sealed class PostgresSessionStore(PostgresDatabase database) : ISessionStore
{
    public Task CreateAsync(OwnerSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return database.ExecuteAsync(
            $"INSERT INTO owner_sessions({SessionRows.Columns}) VALUES (@hash, @owner, @ns, @kind, @created, @expires, @consumed, @revoked)",
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
            await using var command = connection.Sql($"SELECT {SessionRows.Columns} FROM owner_sessions WHERE token_hash = @hash").With("hash", tokenHash);
            return (await command.ReadAllAsync(SessionRows.Read, cancellationToken)).FirstOrDefault();
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

    public Task<int> RevokeAllAsync(string ownerId, OwnerSessionKind kind, string? keepTokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("""
            UPDATE owner_sessions SET revoked_at = @now
            WHERE owner_id = @owner AND kind = @kind AND revoked_at IS NULL AND token_hash <> @keep
            """, c => c.With("now", PostgresValues.ToDb(now)).With("owner", ownerId).With("kind", EnumText.Of(kind)).With("keep", keepTokenHash ?? string.Empty),
            cancellationToken);
}
