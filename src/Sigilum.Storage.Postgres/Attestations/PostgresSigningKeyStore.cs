using NpgsqlTypes;
using Sigilum.Core.Attestations;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Attestations;

/// <summary>Attestation signing keys; seeds arrive sealed and are stored as given.</summary>
internal sealed class PostgresSigningKeyStore(PostgresDatabase database) : ISigningKeyStore
{
    public Task AddAsync(SigningKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(
            "INSERT INTO signing_keys(kid, public_key, sealed_seed, created_at, retired_at) VALUES (@kid, @public, @seed, @created, @retired)",
            c => c.With("kid", key.Kid).With("public", key.PublicKey).With("seed", key.SealedSeed)
                .With("created", PostgresValues.ToDb(key.CreatedAt)).With("retired", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(key.RetiredAt)),
            cancellationToken);
    }

    public Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<SigningKeyRecord>>(async connection =>
        {
            await using var command = connection.Sql(
                "SELECT kid, public_key, sealed_seed, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid COLLATE \"C\" DESC");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var keys = new List<SigningKeyRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new SigningKeyRecord
                {
                    Kid = reader.GetString(0),
                    PublicKey = reader.GetFieldValue<byte[]>(1),
                    SealedSeed = reader.GetFieldValue<byte[]>(2),
                    CreatedAt = reader.Time(3),
                    RetiredAt = reader.TimeOrNull(4),
                });
            }
            return keys;
        }, cancellationToken);

    /// <summary>Retires once; the first retirement time stands.</summary>
    public async Task<bool> RetireAsync(string kid, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            "UPDATE signing_keys SET retired_at = @now WHERE kid = @kid AND retired_at IS NULL",
            c => c.With("now", PostgresValues.ToDb(now)).With("kid", kid), cancellationToken) == 1;
}
