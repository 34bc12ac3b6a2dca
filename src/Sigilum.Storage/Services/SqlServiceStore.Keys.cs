using Sigilum.Core.Services;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Services;

/// <summary>Service API keys: only hashes are stored.</summary>
internal sealed partial class SqlServiceStore
{
    private readonly string _listKeysSql =
        $"SELECT {ServiceApiKeyRows.Columns} FROM service_api_keys WHERE service_id = @service ORDER BY created_at, id{database.Dialect.ByteOrder}";

    public Task AddKeyAsync(ServiceApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(Durability.Normal,
            $"INSERT INTO service_api_keys({ServiceApiKeyRows.Columns}) VALUES (@id, @service, @name, @hash, @last4, @created, @used, @revoked)",
            c => c.With("@id", key.Id).With("@service", key.ServiceId).With("@name", key.Name).With("@hash", key.KeyHash)
                .With("@last4", key.Last4).With("@created", key.CreatedAt).With("@used", key.LastUsedAt).With("@revoked", key.RevokedAt),
            cancellationToken);
    }

    public async Task<IReadOnlyList<ServiceApiKeyRecord>> ListKeysAsync(string serviceId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listKeysSql, c => c.With("@service", serviceId), ServiceApiKeyRows.Read, cancellationToken);

    /// <summary>Stamps last use and returns the key in one statement; a revoked key is never found.</summary>
    public async Task<ServiceApiKeyRecord?> UseKeyAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync(Durability.Normal,
            $"UPDATE service_api_keys SET last_used_at = @now WHERE key_hash = @hash AND revoked_at IS NULL RETURNING {ServiceApiKeyRows.Columns}",
            c => c.With("@now", now).With("@hash", keyHash), ServiceApiKeyRows.Read, cancellationToken)).SingleOrDefault();

    public async Task<bool> RevokeKeyAsync(string serviceId, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full,
            "UPDATE service_api_keys SET revoked_at = @now WHERE id = @id AND service_id = @service AND revoked_at IS NULL",
            c => c.With("@now", now).With("@id", keyId).With("@service", serviceId), cancellationToken) == 1;
}
