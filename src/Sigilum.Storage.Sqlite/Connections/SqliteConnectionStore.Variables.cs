using Sigilum.Core.Connections;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Connections;

/// <summary>Credential variables and service API keys (both sealed by the gateway).</summary>
internal sealed partial class SqliteConnectionStore
{
    public Task<CredentialVariableRecord> UpsertVariableAsync(CredentialVariableRecord variable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return database.WriteAsync(Durability.Full, async (db, transaction) =>
        {
            await using (var upsert = db.Sql($"""
                INSERT INTO gateway_credential_variables({ConnectionRows.VariableColumns}) VALUES ($key, $value, $created, $updated, $subject)
                ON CONFLICT (key) DO UPDATE SET sealed_value = excluded.sealed_value, updated_at = excluded.updated_at,
                    created_by_subject = excluded.created_by_subject
                """, transaction)
                .With("$key", variable.Key).With("$value", variable.SealedValue).With("$created", SqliteValues.ToDb(variable.CreatedAt))
                .With("$updated", SqliteValues.ToDb(variable.UpdatedAt)).With("$subject", SqliteValues.ToDb(variable.CreatedBySubject)))
            {
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var read = db.Sql($"SELECT {ConnectionRows.VariableColumns} FROM gateway_credential_variables WHERE key = $key", transaction)
                .With("$key", variable.Key);
            return (await read.ReadAllAsync(ConnectionRows.ReadVariable, cancellationToken)).Single();
        }, cancellationToken);
    }

    public async Task<CredentialVariableRecord?> GetVariableAsync(string key, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.VariableColumns} FROM gateway_credential_variables WHERE key = $key",
            c => c.With("$key", key), ConnectionRows.ReadVariable, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<CredentialVariableRecord>> ListVariablesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {ConnectionRows.VariableColumns} FROM gateway_credential_variables ORDER BY key", _ => { }, ConnectionRows.ReadVariable, cancellationToken);

    public async Task<bool> DeleteVariableAsync(string key, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, "DELETE FROM gateway_credential_variables WHERE key = $key", c => c.With("$key", key), cancellationToken) == 1;

    public Task SetServiceKeyAsync(ServiceKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ExecuteAsync(Durability.Full, $"""
            INSERT INTO gateway_service_keys({ConnectionRows.ServiceKeyColumns}) VALUES ($id, $key, $updated)
            ON CONFLICT (connection_id) DO UPDATE SET sealed_key = excluded.sealed_key, updated_at = excluded.updated_at
            """, c => c.With("$id", key.ConnectionId).With("$key", key.SealedKey).With("$updated", SqliteValues.ToDb(key.UpdatedAt)), cancellationToken);
    }

    public async Task<ServiceKeyRecord?> GetServiceKeyAsync(string connectionId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.ServiceKeyColumns} FROM gateway_service_keys WHERE connection_id = $id",
            c => c.With("$id", connectionId), ConnectionRows.ReadServiceKey, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<ServiceKeyRecord>> ListServiceKeysAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {ConnectionRows.ServiceKeyColumns} FROM gateway_service_keys ORDER BY connection_id", _ => { }, ConnectionRows.ReadServiceKey, cancellationToken);
}
