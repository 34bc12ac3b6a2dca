using Sigilum.Core.Sessions;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Sessions;

/// <summary>Owner credentials by token hash.</summary>
internal sealed class SqlSessionStore(RelationalDatabase database) : ISessionStore
{
    public Task CreateAsync(OwnerSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return database.ExecuteAsync(Durability.Normal,
            $"INSERT INTO owner_sessions({SessionRows.Columns}) VALUES (@hash, @owner, @ns, @kind, @created, @expires, @consumed, @revoked)",
            c => c.With("@hash", session.TokenHash).With("@owner", session.OwnerId).With("@ns", session.Namespace)
                .With("@kind", EnumText.Of(session.Kind)).With("@created", session.CreatedAt).With("@expires", session.ExpiresAt)
                .With("@consumed", session.ConsumedAt).With("@revoked", session.RevokedAt),
            cancellationToken);
    }

    public async Task<OwnerSession?> FindAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {SessionRows.Columns} FROM owner_sessions WHERE token_hash = @hash",
            c => c.With("@hash", tokenHash), SessionRows.Read, cancellationToken)).FirstOrDefault();

    /// <summary>
    /// One conditional UPDATE, so of two concurrent consumers exactly one changes the row (SQLite's write lock;
    /// PostgreSQL's row lock makes the second re-check <c>consumed_at IS NULL</c>). A revoked or expired credential
    /// cannot be consumed either (fail closed). Durable: a consumed sign-in link must stay consumed after a power cut.
    /// </summary>
    public async Task<bool> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, """
            UPDATE owner_sessions SET consumed_at = @now
            WHERE token_hash = @hash AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > @now
            """, c => c.With("@now", now).With("@hash", tokenHash), cancellationToken) == 1;

    public async Task<bool> RevokeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full,
            "UPDATE owner_sessions SET revoked_at = @now WHERE token_hash = @hash AND revoked_at IS NULL",
            c => c.With("@now", now).With("@hash", tokenHash), cancellationToken) == 1;

    public Task<int> RevokeAllAsync(string ownerId, OwnerSessionKind kind, string? keepTokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(Durability.Full, """
            UPDATE owner_sessions SET revoked_at = @now
            WHERE owner_id = @owner AND kind = @kind AND revoked_at IS NULL AND token_hash <> @keep
            """, c => c.With("@now", now).With("@owner", ownerId).With("@kind", EnumText.Of(kind)).With("@keep", keepTokenHash ?? string.Empty),
            cancellationToken);
}
