using Microsoft.Data.Sqlite;
using Sigilum.Core.Connections;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Connections;

/// <summary>
/// Gateway connections and their sealed secret versions; variables and service keys are in
/// <c>SqliteConnectionStore.Variables.cs</c>. Writes that change credentials use <see cref="Durability.Full"/>:
/// a rotation lost to a power cut would silently bring back the revoked upstream key.
/// </summary>
internal sealed partial class SqliteConnectionStore(SqliteDatabase database) : IConnectionStore, IDisposable
{
    private readonly SqliteChangeStamp _changes = new(database.Path);

    private const string Insert = $"""
        INSERT INTO gateway_connections({ConnectionRows.Columns}) VALUES ($id, $name, $protocol, $base_url, $path_prefix, $auth_mode,
            $auth_header_name, $auth_prefix, $auth_secret_key, $credential_keys, $status, $created_at, $updated_at, $last_tested_at,
            $last_test_status, $last_test_http_status, $last_test_error, $last_rotated_at, $rotation_interval_days,
            $next_rotation_due_at, $secret_version, $rotated_by, $rotation_reason, $mcp_transport, $mcp_endpoint,
            $mcp_tool_policy, $mcp_subject_tool_policies, $mcp_discovery, $hold_seconds)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string InsertSecret =
        $"INSERT INTO gateway_connection_secrets({ConnectionRows.SecretColumns}) VALUES ($connection_id, $version, $sealed, $secret_created_at)";

    public Task<bool> CreateAsync(ConnectionRecord connection, ConnectionSecretRecord secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secret);
        return database.WriteAsync(Durability.Full, async (db, transaction) =>
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
        (await QueryAsync($"SELECT {ConnectionRows.Columns} FROM gateway_connections WHERE id = $id", c => c.With("$id", id), ConnectionRows.Read, cancellationToken))
        .SingleOrDefault();

    /// <summary><c>PRAGMA data_version</c> of a connection that never writes (<see cref="SqliteChangeStamp"/>).</summary>
    public long? ReadChangeStamp() => _changes.Read();

    public void Dispose() => _changes.Dispose();

    public Task<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {ConnectionRows.Columns} FROM gateway_connections ORDER BY id", _ => { }, ConnectionRows.Read, cancellationToken);

    public Task<ConnectionWriteOutcome> UpdateAsync(ConnectionRecord connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return database.WriteAsync(Durability.Full, async (db, transaction) =>
        {
            await using var update = Bind(db.Sql("""
                UPDATE gateway_connections SET name = $name, protocol = $protocol, base_url = $base_url, path_prefix = $path_prefix,
                    auth_mode = $auth_mode, auth_header_name = $auth_header_name, auth_prefix = $auth_prefix, auth_secret_key = $auth_secret_key,
                    status = $status, updated_at = $updated_at, rotation_interval_days = $rotation_interval_days,
                    next_rotation_due_at = $next_rotation_due_at, mcp_transport = $mcp_transport, mcp_endpoint = $mcp_endpoint,
                    mcp_tool_policy = $mcp_tool_policy, mcp_subject_tool_policies = $mcp_subject_tool_policies, hold_seconds = $hold_seconds
                WHERE id = $id AND secret_version = $secret_version
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
        return database.WriteAsync(Durability.Full, async (db, transaction) =>
        {
            await using (var update = Bind(db.Sql("""
                UPDATE gateway_connections SET credential_keys = $credential_keys, auth_secret_key = $auth_secret_key, updated_at = $updated_at,
                    last_rotated_at = $last_rotated_at, next_rotation_due_at = $next_rotation_due_at, secret_version = $secret_version,
                    rotated_by = $rotated_by, rotation_reason = $rotation_reason
                WHERE id = $id AND secret_version = $secret_version - 1
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
        await database.ExecuteAsync(Durability.Normal, """
            UPDATE gateway_connections SET last_tested_at = $at, last_test_status = $status, last_test_http_status = $http, last_test_error = $error
            WHERE id = $id
            """, c => c.With("$id", id).With("$at", SqliteValues.ToDb(testedAt)).With("$status", status)
                .With("$http", SqliteValues.ToDb(httpStatus)).With("$error", SqliteValues.ToDb(error)), cancellationToken) == 1;

    public async Task<bool> RecordDiscoveryAsync(string id, McpDiscovery? discovery, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Normal, "UPDATE gateway_connections SET mcp_discovery = $discovery WHERE id = $id",
            c => c.With("$id", id).With("$discovery", SqliteValues.ToDb(McpColumns.Discovery(discovery))), cancellationToken) == 1;

    /// <summary>Deletes the connection with every secret version (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, "DELETE FROM gateway_connections WHERE id = $id", c => c.With("$id", id), cancellationToken) == 1;

    public async Task<ConnectionSecretRecord?> GetSecretAsync(string connectionId, int version, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.SecretColumns} FROM gateway_connection_secrets WHERE connection_id = $id AND version = $version",
            c => c.With("$id", connectionId).With("$version", version), ConnectionRows.ReadSecret, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<int>> ListSecretVersionsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectionRows.SecretColumns} FROM gateway_connection_secrets WHERE connection_id = $id ORDER BY version",
            c => c.With("$id", connectionId), ConnectionRows.ReadSecret, cancellationToken)).Select(s => s.Version).ToList();

    private static async Task<ConnectionWriteOutcome> MissOutcomeAsync(SqliteConnection db, SqliteTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var exists = db.Sql("SELECT COUNT(*) FROM gateway_connections WHERE id = $id", transaction).With("$id", id);
        return await exists.ScalarLongAsync(cancellationToken) == 0 ? ConnectionWriteOutcome.NotFound : ConnectionWriteOutcome.VersionConflict;
    }

    private static SqliteCommand Bind(SqliteCommand command, ConnectionRecord c) => command
        .With("$id", c.Id).With("$name", c.Name).With("$protocol", c.Protocol).With("$base_url", c.BaseUrl).With("$path_prefix", c.PathPrefix)
        .With("$auth_mode", c.AuthMode).With("$auth_header_name", c.AuthHeaderName).With("$auth_prefix", c.AuthPrefix)
        .With("$auth_secret_key", c.AuthSecretKey).With("$credential_keys", SqliteValues.ToJson(c.CredentialKeys)).With("$status", c.Status)
        .With("$created_at", SqliteValues.ToDb(c.CreatedAt)).With("$updated_at", SqliteValues.ToDb(c.UpdatedAt))
        .With("$last_tested_at", SqliteValues.ToDb(c.LastTestedAt)).With("$last_test_status", SqliteValues.ToDb(c.LastTestStatus))
        .With("$last_test_http_status", SqliteValues.ToDb(c.LastTestHttpStatus)).With("$last_test_error", SqliteValues.ToDb(c.LastTestError))
        .With("$last_rotated_at", SqliteValues.ToDb(c.LastRotatedAt)).With("$rotation_interval_days", SqliteValues.ToDb(c.RotationIntervalDays))
        .With("$next_rotation_due_at", SqliteValues.ToDb(c.NextRotationDueAt)).With("$secret_version", c.SecretVersion)
        .With("$rotated_by", SqliteValues.ToDb(c.RotatedBy)).With("$rotation_reason", SqliteValues.ToDb(c.RotationReason))
        .With("$mcp_transport", SqliteValues.ToDb(c.McpTransport)).With("$mcp_endpoint", SqliteValues.ToDb(c.McpEndpoint))
        .With("$mcp_tool_policy", SqliteValues.ToDb(McpColumns.Policy(c.McpToolPolicy)))
        .With("$mcp_subject_tool_policies", SqliteValues.ToDb(McpColumns.SubjectPolicies(c.McpSubjectToolPolicies)))
        .With("$mcp_discovery", SqliteValues.ToDb(McpColumns.Discovery(c.McpDiscovery))).With("$hold_seconds", c.HoldSeconds);

    private static SqliteCommand BindSecret(SqliteCommand command, ConnectionSecretRecord s) => command
        .With("$connection_id", s.ConnectionId).With("$version", s.Version).With("$sealed", s.Sealed)
        .With("$secret_created_at", SqliteValues.ToDb(s.CreatedAt));

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<StoredRow, T> map, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<T>>(async connection =>
        {
            await using var command = connection.Sql(sql);
            bind(command);
            return await command.ReadAllAsync(map, cancellationToken);
        }, cancellationToken);
}
