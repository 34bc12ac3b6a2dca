using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Services;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Services;

/// <summary>Service API keys: only hashes are stored.</summary>
internal sealed partial class PostgresServiceStore
{
    private const string KeyColumns = "id, service_id, name, key_hash, last4, created_at, last_used_at, revoked_at";

    public Task AddKeyAsync(ServiceApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(
            $"INSERT INTO service_api_keys({KeyColumns}) VALUES (@id, @service, @name, @hash, @last4, @created, @used, @revoked)",
            c => c.With("id", key.Id).With("service", key.ServiceId).With("name", key.Name).With("hash", key.KeyHash)
                .With("last4", key.Last4).With("created", PostgresValues.ToDb(key.CreatedAt))
                .With("used", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(key.LastUsedAt))
                .With("revoked", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(key.RevokedAt)),
            cancellationToken);
    }

    public Task<IReadOnlyList<ServiceApiKeyRecord>> ListKeysAsync(string serviceId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ServiceApiKeyRecord>>(async connection =>
        {
            await using var command = connection.Sql($"SELECT {KeyColumns} FROM service_api_keys WHERE service_id = @service ORDER BY created_at, id")
                .With("service", serviceId);
            return await ReadKeysAsync(command, cancellationToken);
        }, cancellationToken);

    /// <summary>Stamps last use and returns the key in one statement; a revoked key is never found.</summary>
    public Task<ServiceApiKeyRecord?> UseKeyAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql(
                $"UPDATE service_api_keys SET last_used_at = @now WHERE key_hash = @hash AND revoked_at IS NULL RETURNING {KeyColumns}")
                .With("now", PostgresValues.ToDb(now)).With("hash", keyHash);
            return (await ReadKeysAsync(command, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public async Task<bool> RevokeKeyAsync(string serviceId, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(
            "UPDATE service_api_keys SET revoked_at = @now WHERE id = @id AND service_id = @service AND revoked_at IS NULL",
            c => c.With("now", PostgresValues.ToDb(now)).With("id", keyId).With("service", serviceId), cancellationToken) == 1;

    private static async Task<List<ServiceApiKeyRecord>> ReadKeysAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ServiceApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ServiceApiKeyRecord
            {
                Id = reader.GetString(0),
                ServiceId = reader.GetString(1),
                Name = reader.GetString(2),
                KeyHash = reader.GetString(3),
                Last4 = reader.GetString(4),
                CreatedAt = reader.Time(5),
                LastUsedAt = reader.TimeOrNull(6),
                RevokedAt = reader.TimeOrNull(7),
            });
        }
        return keys;
    }
}
