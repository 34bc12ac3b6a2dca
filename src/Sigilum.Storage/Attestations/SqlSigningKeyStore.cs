using Sigilum.Core.Attestations;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Attestations;

/// <summary>Attestation signing keys; seeds arrive sealed and are stored as given. Durable writes: a key revived by a power cut would sign again.</summary>
internal sealed class SqlSigningKeyStore(RelationalDatabase database) : ISigningKeyStore
{
    private readonly string _listSql = $"SELECT {SigningKeyRows.Columns} FROM signing_keys ORDER BY created_at DESC, kid{database.Dialect.ByteOrder} DESC";

    public Task AddAsync(SigningKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(Durability.Full,
            "INSERT INTO signing_keys(kid, public_key, sealed_seed, created_at, retired_at) VALUES (@kid, @public, @seed, @created, @retired)",
            c => c.With("@kid", key.Kid).With("@public", key.PublicKey).With("@seed", key.SealedSeed)
                .With("@created", key.CreatedAt).With("@retired", key.RetiredAt),
            cancellationToken);
    }

    public async Task<IReadOnlyList<SigningKeyRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listSql, _ => { }, SigningKeyRows.Read, cancellationToken);

    /// <summary>Retires once; the first retirement time stands.</summary>
    public async Task<bool> RetireAsync(string kid, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full,
            "UPDATE signing_keys SET retired_at = @now WHERE kid = @kid AND retired_at IS NULL",
            c => c.With("@now", now).With("@kid", kid), cancellationToken) == 1;
}
