using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Connections;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Connections;

/// <summary>
/// Gateway connections and their sealed secret versions, shared by every gateway instance on the
/// database; variables and service keys are in <c>PostgresConnectionStore.Variables.cs</c>. Rotation is a
/// conditional UPDATE on <c>secret_version</c> plus an INSERT in one transaction, so of two instances
/// rotating at once exactly one wins and the other sees <see cref="ConnectionWriteOutcome.VersionConflict"/>.
/// </summary>
internal sealed partial class PostgresConnectionStore(PostgresDatabase database) : IConnectionStore
{
    private const string Insert = $"""
        INSERT INTO gateway_connections({ConnectionRows.Columns}) VALUES (@id, @name, @protocol, @base_url, @path_prefix, @auth_mode,
            @auth_header_name, @auth_prefix, @auth_secret_key, @credential_keys, @status, @created_at, @updated_at, @last_tested_at,
            @last_test_status, @last_test_http_status, @last_test_error, @last_rotated_at, @rotation_interval_days,
            @next_rotation_due_at, @secret_version, @rotated_by, @rotation_reason, @mcp_transport, @mcp_endpoint,
            @mcp_tool_policy, @mcp_subject_tool_policies, @mcp_discovery, @hold_seconds)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string InsertSecret =
        $"INSERT INTO gateway_connection_secrets({ConnectionRows.SecretColumns}) VALUES (@connection_id, @version, @sealed, @secret_created_at)";

    /// <summary>
    /// No change signal: every instance reads the row per request, so a change through any instance applies to the
    /// next request everywhere without depending on a notification that can be lost while a listener reconnects.
    /// </summary>
    public long? ReadChangeStamp() => null;

    public Task<bool> CreateAsync(ConnectionRecord connection, ConnectionSecretRecord secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secret);
        return database.WriteAsync(async (db, transaction) =>
        {
            await using (var insert = Bind(db.Sql(Insert, transaction), connection))
            {
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }
            await using var secretInsert = BindSecret(db.Sql(InsertSecret, transaction), secret);
            await secretInsert.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<ConnectionRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.Columns} FROM gateway_connections WHERE id = @id", c => c.With("id", id), ConnectionRows.Read, cancellationToken))
        .SingleOrDefault();

    public Task<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {ConnectionRows.Columns} FROM gateway_connections ORDER BY id COLLATE \"C\"", _ => { }, ConnectionRows.Read, cancellationToken);

    public Task<ConnectionWriteOutcome> UpdateAsync(ConnectionRecord connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return database.WriteAsync(async (db, transaction) =>
        {
            await using var update = Bind(db.Sql("""
                UPDATE gateway_connections SET name = @name, protocol = @protocol, base_url = @base_url, path_prefix = @path_prefix,
                    auth_mode = @auth_mode, auth_header_name = @auth_header_name, auth_prefix = @auth_prefix, auth_secret_key = @auth_secret_key,
                    status = @status, updated_at = @updated_at, rotation_interval_days = @rotation_interval_days,
                    next_rotation_due_at = @next_rotation_due_at, mcp_transport = @mcp_transport, mcp_endpoint = @mcp_endpoint,
                    mcp_tool_policy = @mcp_tool_policy, mcp_subject_tool_policies = @mcp_subject_tool_policies, hold_seconds = @hold_seconds
                WHERE id = @id AND secret_version = @secret_version
                """, transaction), connection);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1
                ? ConnectionWriteOutcome.Written
                : await MissOutcomeAsync(db, transaction, connection.Id, cancellationToken);
        }, cancellationToken);
    }

    public Task<ConnectionWriteOutcome> RotateAsync(ConnectionRecord connection, ConnectionSecretRecord secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.ConnectionId != connection.Id || secret.Version != connection.SecretVersion)
        {
            throw new ArgumentException("The secret must be the connection's new version.", nameof(secret));
        }
        return database.WriteAsync(async (db, transaction) =>
        {
            // The row lock taken by this UPDATE makes a concurrent rotation wait, then re-check
            // secret_version (READ COMMITTED re-evaluates the WHERE) and match nothing.
            await using (var update = Bind(db.Sql("""
                UPDATE gateway_connections SET credential_keys = @credential_keys, auth_secret_key = @auth_secret_key, updated_at = @updated_at,
                    last_rotated_at = @last_rotated_at, next_rotation_due_at = @next_rotation_due_at, secret_version = @secret_version,
                    rotated_by = @rotated_by, rotation_reason = @rotation_reason
                WHERE id = @id AND secret_version = @secret_version - 1
                """, transaction), connection))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    return await MissOutcomeAsync(db, transaction, connection.Id, cancellationToken);
                }
            }
            await using var insert = BindSecret(db.Sql(InsertSecret, transaction), secret);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return ConnectionWriteOutcome.Written;
        }, cancellationToken);
    }

    public async Task<bool> RecordTestAsync(string id, DateTimeOffset testedAt, string status, int? httpStatus, string? error, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("""
            UPDATE gateway_connections SET last_tested_at = @at, last_test_status = @status, last_test_http_status = @http, last_test_error = @error
            WHERE id = @id
            """, c => c.With("id", id).With("at", PostgresValues.ToDb(testedAt)).With("status", status)
                .With("http", NpgsqlDbType.Integer, httpStatus).With("error", NpgsqlDbType.Text, error), cancellationToken) == 1;

    public async Task<bool> RecordDiscoveryAsync(string id, McpDiscovery? discovery, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("UPDATE gateway_connections SET mcp_discovery = @discovery WHERE id = @id",
            c => c.With("id", id).With("discovery", NpgsqlDbType.Text, McpColumns.Discovery(discovery)), cancellationToken) == 1;

    /// <summary>Deletes the connection with every secret version (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM gateway_connections WHERE id = @id", c => c.With("id", id), cancellationToken) == 1;

    public async Task<ConnectionSecretRecord?> GetSecretAsync(string connectionId, int version, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.SecretColumns} FROM gateway_connection_secrets WHERE connection_id = @id AND version = @version",
            c => c.With("id", connectionId).With("version", version), ConnectionRows.ReadSecret, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<int>> ListSecretVersionsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.SecretColumns} FROM gateway_connection_secrets WHERE connection_id = @id ORDER BY version",
            c => c.With("id", connectionId), ConnectionRows.ReadSecret, cancellationToken)).Select(s => s.Version).ToList();

    private static async Task<ConnectionWriteOutcome> MissOutcomeAsync(NpgsqlConnection db, NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var exists = db.Sql("SELECT COUNT(*) FROM gateway_connections WHERE id = @id", transaction).With("id", id);
        return await exists.ScalarLongAsync(cancellationToken) == 0 ? ConnectionWriteOutcome.NotFound : ConnectionWriteOutcome.VersionConflict;
    }

    private static NpgsqlCommand Bind(NpgsqlCommand command, ConnectionRecord c) => command
        .With("id", c.Id).With("name", c.Name).With("protocol", c.Protocol).With("base_url", c.BaseUrl).With("path_prefix", c.PathPrefix)
        .With("auth_mode", c.AuthMode).With("auth_header_name", c.AuthHeaderName).With("auth_prefix", c.AuthPrefix)
        .With("auth_secret_key", c.AuthSecretKey).With("credential_keys", PostgresValues.ToDb(c.CredentialKeys)).With("status", c.Status)
        .With("created_at", PostgresValues.ToDb(c.CreatedAt)).With("updated_at", PostgresValues.ToDb(c.UpdatedAt))
        .With("last_tested_at", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(c.LastTestedAt))
        .With("last_test_status", NpgsqlDbType.Text, c.LastTestStatus)
        .With("last_test_http_status", NpgsqlDbType.Integer, c.LastTestHttpStatus).With("last_test_error", NpgsqlDbType.Text, c.LastTestError)
        .With("last_rotated_at", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(c.LastRotatedAt))
        .With("rotation_interval_days", NpgsqlDbType.Integer, c.RotationIntervalDays)
        .With("next_rotation_due_at", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(c.NextRotationDueAt)).With("secret_version", c.SecretVersion)
        .With("rotated_by", NpgsqlDbType.Text, c.RotatedBy).With("rotation_reason", NpgsqlDbType.Text, c.RotationReason)
        .With("mcp_transport", NpgsqlDbType.Text, c.McpTransport).With("mcp_endpoint", NpgsqlDbType.Text, c.McpEndpoint)
        .With("mcp_tool_policy", NpgsqlDbType.Text, McpColumns.Policy(c.McpToolPolicy))
        .With("mcp_subject_tool_policies", NpgsqlDbType.Text, McpColumns.SubjectPolicies(c.McpSubjectToolPolicies))
        .With("mcp_discovery", NpgsqlDbType.Text, McpColumns.Discovery(c.McpDiscovery)).With("hold_seconds", c.HoldSeconds);

    private static NpgsqlCommand BindSecret(NpgsqlCommand command, ConnectionSecretRecord s) => command
        .With("connection_id", s.ConnectionId).With("version", s.Version).With("sealed", s.Sealed)
        .With("secret_created_at", PostgresValues.ToDb(s.CreatedAt));

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<StoredRow, T> map, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<T>>(async connection =>
        {
            await using var command = connection.Sql(sql);
            bind(command);
            return await command.ReadAllAsync(map, cancellationToken);
        }, cancellationToken);
}
