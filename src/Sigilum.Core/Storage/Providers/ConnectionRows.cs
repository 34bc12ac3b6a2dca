using Sigilum.Core.Connections;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The gateway connection rows: column lists and mappings side by side so their order cannot drift.</summary>
internal static class ConnectionRows
{
    public const string Columns =
        "id, name, protocol, base_url, path_prefix, auth_mode, auth_header_name, auth_prefix, auth_secret_key, credential_keys, status, " +
        "created_at, updated_at, last_tested_at, last_test_status, last_test_http_status, last_test_error, last_rotated_at, " +
        "rotation_interval_days, next_rotation_due_at, secret_version, rotated_by, rotation_reason, " +
        "mcp_transport, mcp_endpoint, mcp_tool_policy, mcp_subject_tool_policies, mcp_discovery, hold_seconds";

    public const string SecretColumns = "connection_id, version, sealed, created_at";

    public const string VariableColumns = "key, sealed_value, created_at, updated_at, created_by_subject";

    public const string ServiceKeyColumns = "connection_id, sealed_key, updated_at";

    public static ConnectionRecord Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Id = row.GetString(0),
            Name = row.GetString(1),
            Protocol = row.GetString(2),
            BaseUrl = row.GetString(3),
            PathPrefix = row.GetString(4),
            AuthMode = row.GetString(5),
            AuthHeaderName = row.GetString(6),
            AuthPrefix = row.GetString(7),
            AuthSecretKey = row.GetString(8),
            CredentialKeys = row.StringList(9),
            Status = row.GetString(10),
            CreatedAt = row.Time(11),
            UpdatedAt = row.Time(12),
            LastTestedAt = row.TimeOrNull(13),
            LastTestStatus = row.StringOrNull(14),
            LastTestHttpStatus = row.IntOrNull(15),
            LastTestError = row.StringOrNull(16),
            LastRotatedAt = row.TimeOrNull(17),
            RotationIntervalDays = row.IntOrNull(18),
            NextRotationDueAt = row.TimeOrNull(19),
            SecretVersion = row.GetInt32(20),
            RotatedBy = row.StringOrNull(21),
            RotationReason = row.StringOrNull(22),
            McpTransport = row.StringOrNull(23),
            McpEndpoint = row.StringOrNull(24),
            McpToolPolicy = McpColumns.Policy(row.StringOrNull(25)),
            McpSubjectToolPolicies = McpColumns.SubjectPolicies(row.StringOrNull(26)),
            McpDiscovery = McpColumns.Discovery(row.StringOrNull(27)),
            HoldSeconds = row.GetInt32(28),
        };
    }

    public static ConnectionSecretRecord ReadSecret(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new() { ConnectionId = row.GetString(0), Version = row.GetInt32(1), Sealed = row.Bytes(2), CreatedAt = row.Time(3) };
    }

    public static CredentialVariableRecord ReadVariable(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Key = row.GetString(0),
            SealedValue = row.Bytes(1),
            CreatedAt = row.Time(2),
            UpdatedAt = row.Time(3),
            CreatedBySubject = row.StringOrNull(4),
        };
    }

    public static ServiceKeyRecord ReadServiceKey(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new() { ConnectionId = row.GetString(0), SealedKey = row.Bytes(1), UpdatedAt = row.Time(2) };
    }
}
