using Sigilum.Core.Connections;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Connections;

/// <summary>Credential variables and service API keys (both sealed by the gateway).</summary>
internal sealed partial class SqlConnectionStore
{
    private readonly string _listVariablesSql =
        $"SELECT {CredentialVariableRows.Columns} FROM gateway_credential_variables ORDER BY key{database.Dialect.ByteOrder}";

    private readonly string _listServiceKeysSql =
        $"SELECT {ServiceKeyRows.Columns} FROM gateway_service_keys ORDER BY connection_id{database.Dialect.ByteOrder}";

    /// <summary>One statement: the upsert and the read of what it stored cannot interleave with another writer.</summary>
    public async Task<CredentialVariableRecord> UpsertVariableAsync(CredentialVariableRecord variable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return (await database.QueryAsync(Durability.Full, $"""
            INSERT INTO gateway_credential_variables({CredentialVariableRows.Columns}) VALUES (@key, @value, @created, @updated, @subject)
            ON CONFLICT (key) DO UPDATE SET sealed_value = excluded.sealed_value, updated_at = excluded.updated_at,
                created_by_subject = excluded.created_by_subject
            RETURNING {CredentialVariableRows.Columns}
            """, c => c.With("@key", variable.Key).With("@value", variable.SealedValue).With("@created", variable.CreatedAt)
                .With("@updated", variable.UpdatedAt).With("@subject", variable.CreatedBySubject),
            CredentialVariableRows.Read, cancellationToken)).Single();
    }

    public async Task<CredentialVariableRecord?> GetVariableAsync(string key, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {CredentialVariableRows.Columns} FROM gateway_credential_variables WHERE key = @key",
            c => c.With("@key", key), CredentialVariableRows.Read, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<CredentialVariableRecord>> ListVariablesAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listVariablesSql, _ => { }, CredentialVariableRows.Read, cancellationToken);

    public async Task<bool> DeleteVariableAsync(string key, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, "DELETE FROM gateway_credential_variables WHERE key = @key", c => c.With("@key", key), cancellationToken) == 1;

    public Task SetServiceKeyAsync(ServiceKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(Durability.Full, $"""
            INSERT INTO gateway_service_keys({ServiceKeyRows.Columns}) VALUES (@id, @key, @updated)
            ON CONFLICT (connection_id) DO UPDATE SET sealed_key = excluded.sealed_key, updated_at = excluded.updated_at
            """, c => c.With("@id", key.ConnectionId).With("@key", key.SealedKey).With("@updated", key.UpdatedAt), cancellationToken);
    }

    public async Task<ServiceKeyRecord?> GetServiceKeyAsync(string connectionId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {ServiceKeyRows.Columns} FROM gateway_service_keys WHERE connection_id = @id",
            c => c.With("@id", connectionId), ServiceKeyRows.Read, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<ServiceKeyRecord>> ListServiceKeysAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listServiceKeysSql, _ => { }, ServiceKeyRows.Read, cancellationToken);
}
