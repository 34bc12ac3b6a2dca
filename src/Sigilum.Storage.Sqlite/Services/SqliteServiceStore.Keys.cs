using Sigilum.Core.Services;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Services;

/// <summary>Service API keys: only hashes are stored.</summary>
internal sealed partial class SqliteServiceStore
{
    public Task AddKeyAsync(ServiceApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(Durability.Normal,
            $"INSERT INTO service_api_keys({ServiceRows.KeyColumns}) VALUES ($id, $service, $name, $hash, $last4, $created, $used, $revoked)",
            c => c.With("$id", key.Id).With("$service", key.ServiceId).With("$name", key.Name).With("$hash", key.KeyHash)
                .With("$last4", key.Last4).With("$created", SqliteValues.ToDb(key.CreatedAt))
                .With("$used", SqliteValues.ToDb(key.LastUsedAt)).With("$revoked", SqliteValues.ToDb(key.RevokedAt)),
            cancellationToken);
    }

    public Task<IReadOnlyList<ServiceApiKeyRecord>> ListKeysAsync(string serviceId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ServiceApiKeyRecord>>(async connection =>
        {
            await using var command = connection.Sql($"SELECT {ServiceRows.KeyColumns} FROM service_api_keys WHERE service_id = $service ORDER BY created_at, id")
                .With("$service", serviceId);
            return await command.ReadAllAsync(ServiceRows.ReadKey, cancellationToken);
        }, cancellationToken);

    /// <summary>Stamps last use and returns the key in one write transaction; a revoked key is never found.</summary>
    public Task<ServiceApiKeyRecord?> UseKeyAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.WriteAsync(Durability.Normal, async (connection, transaction) =>
        {
            await using (var stamp = connection.Sql(
                "UPDATE service_api_keys SET last_used_at = $now WHERE key_hash = $hash AND revoked_at IS NULL", transaction)
                .With("$now", SqliteValues.ToDb(now)).With("$hash", keyHash))
            {
                if (await stamp.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return null;
                }
            }
            await using var read = connection.Sql($"SELECT {ServiceRows.KeyColumns} FROM service_api_keys WHERE key_hash = $hash", transaction).With("$hash", keyHash);
            return (await read.ReadAllAsync(ServiceRows.ReadKey, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public async Task<bool> RevokeKeyAsync(string serviceId, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full,
            "UPDATE service_api_keys SET revoked_at = $now WHERE id = $id AND service_id = $service AND revoked_at IS NULL",
            c => c.With("$now", SqliteValues.ToDb(now)).With("$id", keyId).With("$service", serviceId), cancellationToken) == 1;
}
