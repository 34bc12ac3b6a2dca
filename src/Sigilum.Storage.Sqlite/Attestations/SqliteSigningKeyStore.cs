using Sigilum.Core.Attestations;
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
                "SELECT kid, public_key, sealed_seed, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid DESC");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var keys = new List<SigningKeyRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new SigningKeyRecord
                {
                    Kid = reader.GetString(0),
                    PublicKey = reader.Bytes(1),
                    SealedSeed = reader.Bytes(2),
                    CreatedAt = reader.Time(3),
                    RetiredAt = reader.TimeOrNull(4),
                });
            }
            return keys;
        }, cancellationToken);

    /// <summary>Retires once; the first retirement time stands.</summary>
    public async Task<bool> RetireAsync(string kid, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full,
            "UPDATE signing_keys SET retired_at = $now WHERE kid = $kid AND retired_at IS NULL",
            c => c.With("$now", SqliteValues.ToDb(now)).With("$kid", kid), cancellationToken) == 1;
}
