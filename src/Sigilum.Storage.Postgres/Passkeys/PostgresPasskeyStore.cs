using NpgsqlTypes;
using Sigilum.Core.Passkeys;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Passkeys;

/// <summary>Owners' passkeys, ceremony challenges and the namespace's passkey requirement (ADR 0056).</summary>
internal sealed class PostgresPasskeyStore(PostgresDatabase database) : IPasskeyStore
{
    public async Task<bool> AddAsync(OwnerPasskey passkey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        return await database.ExecuteAsync($"""
            INSERT INTO owner_passkeys({PasskeyRows.Columns})
            VALUES (@id, @owner, @ns, @key, @handle, @count, @transports, @name, @created, @used)
            ON CONFLICT (credential_id) DO NOTHING
            """,
            c => c.With("id", passkey.CredentialId).With("owner", passkey.OwnerId).With("ns", passkey.Namespace)
                .With("key", passkey.PublicKey).With("handle", passkey.UserHandle).With("count", passkey.SignCount)
                .With("transports", PostgresValues.ToDb(passkey.Transports)).With("name", passkey.Name)
                .With("created", PostgresValues.ToDb(passkey.CreatedAt)).With("used", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(passkey.LastUsedAt)),
            cancellationToken) == 1;
    }

    public Task<OwnerPasskey?> FindAsync(string credentialId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {PasskeyRows.Columns} FROM owner_passkeys WHERE credential_id = @id").With("id", credentialId);
            return (await command.ReadAllAsync(PasskeyRows.Read, cancellationToken)).FirstOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<OwnerPasskey>> ListAsync(string ownerId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<OwnerPasskey>>(async connection =>
        {
            await using var command = connection.Sql(
                $"SELECT {PasskeyRows.Columns} FROM owner_passkeys WHERE owner_id = @owner ORDER BY created_at, credential_id").With("owner", ownerId);
            return await command.ReadAllAsync(PasskeyRows.Read, cancellationToken);
        }, cancellationToken);

    public async Task<bool> RenameAsync(string ownerId, string credentialId, string name, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("UPDATE owner_passkeys SET name = @name WHERE owner_id = @owner AND credential_id = @id",
            c => c.With("name", name).With("owner", ownerId).With("id", credentialId), cancellationToken) == 1;

    /// <summary>Removes the passkey; the next sign-in with it is refused.</summary>
    public async Task<bool> RemoveAsync(string ownerId, string credentialId, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM owner_passkeys WHERE owner_id = @owner AND credential_id = @id",
            c => c.With("owner", ownerId).With("id", credentialId), cancellationToken) == 1;

    public async Task<bool> RecordUseAsync(string credentialId, long signCount, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("""
            UPDATE owner_passkeys SET sign_count = @count, last_used_at = @now
            WHERE credential_id = @id AND (sign_count < @count OR (sign_count = 0 AND @count = 0))
            """, c => c.With("count", signCount).With("now", PostgresValues.ToDb(now)).With("id", credentialId), cancellationToken) == 1;

    public Task AddChallengeAsync(PasskeyChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return database.ExecuteAsync(
            $"INSERT INTO passkey_challenges({PasskeyRows.ChallengeColumns}) VALUES (@hash, @ceremony, @session, @owner, @options, @created, @expires, @consumed)",
            c => c.With("hash", challenge.TokenHash).With("ceremony", PasskeyRows.Of(challenge.Ceremony)).With("session", challenge.SessionHash)
                .With("owner", NpgsqlDbType.Text, challenge.OwnerId).With("options", challenge.OptionsJson).With("created", PostgresValues.ToDb(challenge.CreatedAt))
                .With("expires", PostgresValues.ToDb(challenge.ExpiresAt)).With("consumed", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(challenge.ConsumedAt)),
            cancellationToken);
    }

    public Task<PasskeyChallenge?> FindChallengeAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {PasskeyRows.ChallengeColumns} FROM passkey_challenges WHERE token_hash = @hash").With("hash", tokenHash);
            return (await command.ReadAllAsync(PasskeyRows.ReadChallenge, cancellationToken)).FirstOrDefault();
        }, cancellationToken);

    /// <summary>One conditional UPDATE: a concurrent answer waits on the row lock, re-checks <c>consumed_at IS NULL</c> and loses.</summary>
    public async Task<bool> ConsumeChallengeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("""
            UPDATE passkey_challenges SET consumed_at = @now
            WHERE token_hash = @hash AND consumed_at IS NULL AND expires_at > @now
            """, c => c.With("now", PostgresValues.ToDb(now)).With("hash", tokenHash), cancellationToken) == 1;

    public Task<int> PruneChallengesAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM passkey_challenges WHERE expires_at < @before",
            c => c.With("before", PostgresValues.ToDb(before)), cancellationToken);

    public Task<bool> IsRequiredAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql("SELECT CASE WHEN require_passkey THEN 1 ELSE 0 END FROM namespace_passkey_policy WHERE namespace = @ns").With("ns", ns);
            return await command.ScalarLongAsync(cancellationToken) != 0;
        }, cancellationToken);

        public Task SetRequiredAsync(string ns, bool required, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("""
            INSERT INTO namespace_passkey_policy(namespace, require_passkey, updated_at) VALUES (@ns, @required, @now)
            ON CONFLICT (namespace) DO UPDATE SET require_passkey = excluded.require_passkey, updated_at = excluded.updated_at
            """, c => c.With("ns", ns).With("required", required).With("now", PostgresValues.ToDb(now)), cancellationToken);
}
