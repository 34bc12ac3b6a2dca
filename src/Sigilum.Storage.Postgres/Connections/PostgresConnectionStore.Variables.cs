using NpgsqlTypes;
using Sigilum.Core.Connections;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Connections;

/// <summary>Credential variables and service API keys (both sealed by the gateway).</summary>
internal sealed partial class PostgresConnectionStore
{
    public async Task<CredentialVariableRecord> UpsertVariableAsync(CredentialVariableRecord variable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variable);
        // One statement: the upsert and the read of what it stored cannot interleave with another writer.
        return (await QueryAsync($"""
            INSERT INTO gateway_credential_variables({ConnectionRows.VariableColumns}) VALUES (@key, @value, @created, @updated, @subject)
            ON CONFLICT (key) DO UPDATE SET sealed_value = excluded.sealed_value, updated_at = excluded.updated_at,
                created_by_subject = excluded.created_by_subject
            RETURNING {ConnectionRows.VariableColumns}
            """, c => c.With("key", variable.Key).With("value", variable.SealedValue).With("created", PostgresValues.ToDb(variable.CreatedAt))
                .With("updated", PostgresValues.ToDb(variable.UpdatedAt)).With("subject", NpgsqlDbType.Text, variable.CreatedBySubject),
            ConnectionRows.ReadVariable, cancellationToken)).Single();
    }

    public async Task<CredentialVariableRecord?> GetVariableAsync(string key, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.VariableColumns} FROM gateway_credential_variables WHERE key = @key",
            c => c.With("key", key), ConnectionRows.ReadVariable, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<CredentialVariableRecord>> ListVariablesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {ConnectionRows.VariableColumns} FROM gateway_credential_variables ORDER BY key COLLATE \"C\"", _ => { }, ConnectionRows.ReadVariable, cancellationToken);

    public async Task<bool> DeleteVariableAsync(string key, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM gateway_credential_variables WHERE key = @key", c => c.With("key", key), cancellationToken) == 1;

    public Task SetServiceKeyAsync(ServiceKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync($"""
            INSERT INTO gateway_service_keys({ConnectionRows.ServiceKeyColumns}) VALUES (@id, @key, @updated)
            ON CONFLICT (connection_id) DO UPDATE SET sealed_key = excluded.sealed_key, updated_at = excluded.updated_at
            """, c => c.With("id", key.ConnectionId).With("key", key.SealedKey).With("updated", PostgresValues.ToDb(key.UpdatedAt)), cancellationToken);
    }

    public async Task<ServiceKeyRecord?> GetServiceKeyAsync(string connectionId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.ServiceKeyColumns} FROM gateway_service_keys WHERE connection_id = @id",
            c => c.With("id", connectionId), ConnectionRows.ReadServiceKey, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<ServiceKeyRecord>> ListServiceKeysAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {ConnectionRows.ServiceKeyColumns} FROM gateway_service_keys ORDER BY connection_id COLLATE \"C\"", _ => { }, ConnectionRows.ReadServiceKey, cancellationToken);
}
