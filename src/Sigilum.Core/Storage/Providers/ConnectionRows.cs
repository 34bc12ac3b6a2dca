using Sigilum.Core.Connections;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The gateway connection row: column list and mapping side by side so their order cannot drift.</summary>
internal static class ConnectionRows
{
    public const string Columns =
        "id, name, protocol, base_url, path_prefix, auth_mode, auth_header_name, auth_prefix, auth_secret_key, credential_keys, status, " +
        "created_at, updated_at, last_tested_at, last_test_status, last_test_http_status, last_test_error, last_rotated_at, " +
        "rotation_interval_days, next_rotation_due_at, secret_version, rotated_by, rotation_reason, " +
        "mcp_transport, mcp_endpoint, mcp_tool_policy, mcp_subject_tool_policies, mcp_discovery, hold_seconds";

    public static readonly Func<StoredRow, ConnectionRecord> Read = RowMap.Of<ConnectionRecord>(Columns);
}
