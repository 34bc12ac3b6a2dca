using Sigilum.Core.Attestations;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Attestations;

/// <summary>Attestation signing keys; seeds arrive sealed and are stored as given.</summary>
internal sealed class SqliteSigningKeyStore(SqliteDatabase database) : ISigningKeyStore
{
    public Task AddAsync(SigningKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(Durability.Full,
            "INSERT INTO signing_keys(kid, public_key, sealed_seed, created_at, retired_at) VALUES ($kid, $public, $seed, $created, $retired)",
            c => c.With("$kid", key.Kid).With("$public", key.PublicKey).With("$seed", key.SealedSeed)
                .With("$created", SqliteValues.ToDb(key.CreatedAt)).With("$retired", SqliteValues.ToDb(key.RetiredAt)),
            cancellationToken);
    }

    public Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<SigningKeyRecord>>(async connection =>
        {
            await using var command = connection.Sql(
                $"SELECT {SigningKeyRows.Columns} FROM signing_keys ORDER BY created_at DESC, kid DESC");
            return await command.ReadAllAsync(SigningKeyRows.Read, cancellationToken);
        }, cancellationToken);

    /// <summary>Retires once; the first retirement time stands.</summary>
    public async Task<bool> RetireAsync(string kid, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full,
            "UPDATE signing_keys SET retired_at = $now WHERE kid = $kid AND retired_at IS NULL",
            c => c.With("$now", SqliteValues.ToDb(now)).With("$kid", kid), cancellationToken) == 1;
}
