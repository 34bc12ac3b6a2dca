using Sigilum.Core.Connections;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Connections;

/// <summary>
/// Gateway connections and their sealed secret versions; variables and service keys are in
/// <c>SqlConnectionStore.Variables.cs</c>. Writes that change credentials are <see cref="Durability.Full"/>: a rotation
/// lost to a power cut would silently bring back the revoked upstream key. Rotation is a conditional UPDATE on
/// <c>secret_version</c> plus an INSERT in one write transaction, so of two writers rotating at once exactly one wins
/// and the other sees <see cref="ConnectionWriteOutcome.VersionConflict"/>.
/// </summary>
/// <param name="database">The database.</param>
/// <param name="changeStamp">
/// The engine's cheap "did anything commit" stamp (ADR 0033): SQLite's <c>PRAGMA data_version</c>; PostgreSQL answers null,
/// so every instance reads the row per request rather than rely on a notification that can be lost while reconnecting.
/// </param>
internal sealed partial class SqlConnectionStore(RelationalDatabase database, Func<long?> changeStamp) : IConnectionStore
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
        $"INSERT INTO gateway_connection_secrets({ConnectionSecretRows.Columns}) VALUES (@connection_id, @version, @sealed, @secret_created_at)";

    private const string GetSql = $"SELECT {ConnectionRows.Columns} FROM gateway_connections WHERE id = @id";

    private readonly string _listSql = $"SELECT {ConnectionRows.Columns} FROM gateway_connections ORDER BY id{database.Dialect.ByteOrder}";

    public Task<bool> CreateAsync(ConnectionRecord connection, ConnectionSecretRecord secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secret);
        return database.WriteAsync(Durability.Full, async session =>
        {
            await using (var insert = Bind(session.Sql(Insert), connection))
            {
                if (await insert.ExecuteAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }
            await using var secretInsert = BindSecret(session.Sql(InsertSecret), secret);
            await secretInsert.ExecuteAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>The gateway's per-request read (behind <see cref="ReadChangeStamp"/>): one statement on a pooled connection.</summary>
    public async Task<ConnectionRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync(GetSql, c => c.With("@id", id), ConnectionRows.Read, cancellationToken)).SingleOrDefault();

    public long? ReadChangeStamp() => changeStamp();

    public async Task<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listSql, _ => { }, ConnectionRows.Read, cancellationToken);

    public Task<ConnectionWriteOutcome> UpdateAsync(ConnectionRecord connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return database.WriteAsync(Durability.Full, async session =>
        {
            await using var update = Bind(session.Sql("""
                UPDATE gateway_connections SET name = @name, protocol = @protocol, base_url = @base_url, path_prefix = @path_prefix,
                    auth_mode = @auth_mode, auth_header_name = @auth_header_name, auth_prefix = @auth_prefix, auth_secret_key = @auth_secret_key,
                    status = @status, updated_at = @updated_at, rotation_interval_days = @rotation_interval_days,
                    next_rotation_due_at = @next_rotation_due_at, mcp_transport = @mcp_transport, mcp_endpoint = @mcp_endpoint,
                    mcp_tool_policy = @mcp_tool_policy, mcp_subject_tool_policies = @mcp_subject_tool_policies, hold_seconds = @hold_seconds
                WHERE id = @id AND secret_version = @secret_version
                """), connection);
            return await update.ExecuteAsync(cancellationToken) == 1
                ? ConnectionWriteOutcome.Written
                : await MissOutcomeAsync(session, connection.Id, cancellationToken);
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
        return database.WriteAsync(Durability.Full, async session =>
        {
            // PostgreSQL: the row lock taken by this UPDATE makes a concurrent rotation wait, then re-check
            // secret_version (READ COMMITTED re-evaluates the WHERE) and match nothing. SQLite: the write lock.
            await using (var update = Bind(session.Sql("""
                UPDATE gateway_connections SET credential_keys = @credential_keys, auth_secret_key = @auth_secret_key, updated_at = @updated_at,
                    last_rotated_at = @last_rotated_at, next_rotation_due_at = @next_rotation_due_at, secret_version = @secret_version,
                    rotated_by = @rotated_by, rotation_reason = @rotation_reason
                WHERE id = @id AND secret_version = @secret_version - 1
                """), connection))
            {
                if (await update.ExecuteAsync(cancellationToken) != 1)
                {
                    return await MissOutcomeAsync(session, connection.Id, cancellationToken);
                }
            }
            await using var insert = BindSecret(session.Sql(InsertSecret), secret);
            await insert.ExecuteAsync(cancellationToken);
            return ConnectionWriteOutcome.Written;
        }, cancellationToken);
    }

    public async Task<bool> RecordTestAsync(string id, DateTimeOffset testedAt, string status, int? httpStatus, string? error, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Normal, """
            UPDATE gateway_connections SET last_tested_at = @at, last_test_status = @status, last_test_http_status = @http, last_test_error = @error
            WHERE id = @id
            """, c => c.With("@id", id).With("@at", testedAt).With("@status", status).With("@http", httpStatus).With("@error", error),
            cancellationToken) == 1;

    public async Task<bool> RecordDiscoveryAsync(string id, McpDiscovery? discovery, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Normal, "UPDATE gateway_connections SET mcp_discovery = @discovery WHERE id = @id",
            c => c.With("@id", id).With("@discovery", McpColumns.Discovery(discovery)), cancellationToken) == 1;

    /// <summary>Deletes the connection with every secret version (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, "DELETE FROM gateway_connections WHERE id = @id", c => c.With("@id", id), cancellationToken) == 1;

    public async Task<ConnectionSecretRecord?> GetSecretAsync(string connectionId, int version, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {ConnectionSecretRows.Columns} FROM gateway_connection_secrets WHERE connection_id = @id AND version = @version",
            c => c.With("@id", connectionId).With("@version", version), ConnectionSecretRows.Read, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<int>> ListSecretVersionsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {ConnectionSecretRows.Columns} FROM gateway_connection_secrets WHERE connection_id = @id ORDER BY version",
            c => c.With("@id", connectionId), ConnectionSecretRows.Read, cancellationToken)).ConvertAll(s => s.Version);

    private static async Task<ConnectionWriteOutcome> MissOutcomeAsync(SqlSession session, string id, CancellationToken cancellationToken)
    {
        await using var exists = session.Sql("SELECT COUNT(*) FROM gateway_connections WHERE id = @id").With("@id", id);
        return await exists.ScalarLongAsync(cancellationToken) == 0 ? ConnectionWriteOutcome.NotFound : ConnectionWriteOutcome.VersionConflict;
    }

    private static SqlStatement Bind(SqlStatement command, ConnectionRecord c) => command
        .With("@id", c.Id).With("@name", c.Name).With("@protocol", c.Protocol).With("@base_url", c.BaseUrl).With("@path_prefix", c.PathPrefix)
        .With("@auth_mode", c.AuthMode).With("@auth_header_name", c.AuthHeaderName).With("@auth_prefix", c.AuthPrefix)
        .With("@auth_secret_key", c.AuthSecretKey).With("@credential_keys", c.CredentialKeys).With("@status", c.Status)
        .With("@created_at", c.CreatedAt).With("@updated_at", c.UpdatedAt)
        .With("@last_tested_at", c.LastTestedAt).With("@last_test_status", c.LastTestStatus)
        .With("@last_test_http_status", c.LastTestHttpStatus).With("@last_test_error", c.LastTestError)
        .With("@last_rotated_at", c.LastRotatedAt).With("@rotation_interval_days", c.RotationIntervalDays)
        .With("@next_rotation_due_at", c.NextRotationDueAt).With("@secret_version", c.SecretVersion)
        .With("@rotated_by", c.RotatedBy).With("@rotation_reason", c.RotationReason)
        .With("@mcp_transport", c.McpTransport).With("@mcp_endpoint", c.McpEndpoint)
        .With("@mcp_tool_policy", McpColumns.Policy(c.McpToolPolicy))
        .With("@mcp_subject_tool_policies", McpColumns.SubjectPolicies(c.McpSubjectToolPolicies))
        .With("@mcp_discovery", McpColumns.Discovery(c.McpDiscovery)).With("@hold_seconds", c.HoldSeconds);

    private static SqlStatement BindSecret(SqlStatement command, ConnectionSecretRecord s) => command
        .With("@connection_id", s.ConnectionId).With("@version", s.Version).With("@sealed", s.Sealed).With("@secret_created_at", s.CreatedAt);
}
