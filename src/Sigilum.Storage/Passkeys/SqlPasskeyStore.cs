using Sigilum.Core.Passkeys;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Passkeys;

/// <summary>Owners' passkeys, ceremony challenges and the namespace's passkey requirement (ADR 0056), on either engine.</summary>
internal sealed class SqlPasskeyStore(RelationalDatabase database) : IPasskeyStore
{
    /// <summary>Durable: a passkey registered and confirmed to the owner must survive a power cut.</summary>
    public async Task<bool> AddAsync(OwnerPasskey passkey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        return await database.ExecuteAsync(Durability.Full, $"""
            INSERT INTO owner_passkeys({PasskeyRows.Columns})
            VALUES (@id, @owner, @ns, @key, @handle, @count, @transports, @name, @created, @used)
            ON CONFLICT (credential_id) DO NOTHING
            """,
            c => c.With("@id", passkey.CredentialId).With("@owner", passkey.OwnerId).With("@ns", passkey.Namespace)
                .With("@key", passkey.PublicKey).With("@handle", passkey.UserHandle).With("@count", passkey.SignCount)
                .With("@transports", passkey.Transports).With("@name", passkey.Name)
                .With("@created", passkey.CreatedAt).With("@used", passkey.LastUsedAt),
            cancellationToken) == 1;
    }

    public async Task<OwnerPasskey?> FindAsync(string credentialId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {PasskeyRows.Columns} FROM owner_passkeys WHERE credential_id = @id",
            c => c.With("@id", credentialId), PasskeyRows.Read, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<OwnerPasskey>> ListAsync(string ownerId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync($"SELECT {PasskeyRows.Columns} FROM owner_passkeys WHERE owner_id = @owner ORDER BY created_at, credential_id",
            c => c.With("@owner", ownerId), PasskeyRows.Read, cancellationToken);

    public async Task<bool> RenameAsync(string ownerId, string credentialId, string name, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Normal, "UPDATE owner_passkeys SET name = @name WHERE owner_id = @owner AND credential_id = @id",
            c => c.With("@name", name).With("@owner", ownerId).With("@id", credentialId), cancellationToken) == 1;

    /// <summary>Durable: a removed passkey must stay removed after a power cut.</summary>
    public async Task<bool> RemoveAsync(string ownerId, string credentialId, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, "DELETE FROM owner_passkeys WHERE owner_id = @owner AND credential_id = @id",
            c => c.With("@owner", ownerId).With("@id", credentialId), cancellationToken) == 1;

    /// <summary>
    /// One conditional UPDATE: the counter must go up (or stay 0 for an authenticator without one), so of two answers
    /// carrying the same counter exactly one wins (SQLite's write lock; PostgreSQL's row lock makes the second re-check).
    /// </summary>
    public async Task<bool> RecordUseAsync(string credentialId, long signCount, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, """
            UPDATE owner_passkeys SET sign_count = @count, last_used_at = @now
            WHERE credential_id = @id AND (sign_count < @count OR (sign_count = 0 AND @count = 0))
            """, c => c.With("@count", signCount).With("@now", now).With("@id", credentialId), cancellationToken) == 1;

    public Task AddChallengeAsync(PasskeyChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return database.ExecuteAsync(Durability.Normal,
            $"INSERT INTO passkey_challenges({PasskeyChallengeRows.Columns}) VALUES (@hash, @ceremony, @session, @owner, @options, @created, @expires, @consumed)",
            c => c.With("@hash", challenge.TokenHash).With("@ceremony", EnumText.Of(challenge.Ceremony)).With("@session", challenge.SessionHash)
                .With("@owner", challenge.OwnerId).With("@options", challenge.OptionsJson).With("@created", challenge.CreatedAt)
                .With("@expires", challenge.ExpiresAt).With("@consumed", challenge.ConsumedAt),
            cancellationToken);
    }

    public async Task<PasskeyChallenge?> FindChallengeAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {PasskeyChallengeRows.Columns} FROM passkey_challenges WHERE token_hash = @hash",
            c => c.With("@hash", tokenHash), PasskeyChallengeRows.Read, cancellationToken)).FirstOrDefault();

    /// <summary>One conditional UPDATE, so of two concurrent answers exactly one uses the challenge. Durable, like a sign-in link.</summary>
    public async Task<bool> ConsumeChallengeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, """
            UPDATE passkey_challenges SET consumed_at = @now
            WHERE token_hash = @hash AND consumed_at IS NULL AND expires_at > @now
            """, c => c.With("@now", now).With("@hash", tokenHash), cancellationToken) == 1;

    public Task<int> PruneChallengesAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(Durability.Normal, "DELETE FROM passkey_challenges WHERE expires_at < @before",
            c => c.With("@before", before), cancellationToken);

    public Task<bool> IsRequiredAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async session =>
        {
            // CASE gives an integer on both engines (SQLite stores the flag as 0/1, PostgreSQL as boolean).
            await using var statement = session.Sql("SELECT CASE WHEN require_passkey THEN 1 ELSE 0 END FROM namespace_passkey_policy WHERE namespace = @ns")
                .With("@ns", ns);
            return await statement.ScalarLongAsync(cancellationToken) != 0;
        }, cancellationToken);

    /// <summary>Durable: turning the requirement on must not be undone by a power cut.</summary>
    public Task SetRequiredAsync(string ns, bool required, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(Durability.Full, """
            INSERT INTO namespace_passkey_policy(namespace, require_passkey, updated_at) VALUES (@ns, @required, @now)
            ON CONFLICT (namespace) DO UPDATE SET require_passkey = excluded.require_passkey, updated_at = excluded.updated_at
            """, c => c.With("@ns", ns).With("@required", required).With("@now", now), cancellationToken);
}
