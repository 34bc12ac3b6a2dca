using Sigilum.Core.Connections;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// A connection as the admin API returns it (spec §3.7 field names). Secrets are never included: only
/// their names (<see cref="CredentialKeys"/>) and the version number. Null fields are omitted.
/// </summary>
internal sealed record ConnectionView
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Protocol { get; init; }

    public required string BaseUrl { get; init; }

    public required string PathPrefix { get; init; }

    public required string AuthMode { get; init; }

    public required string AuthHeaderName { get; init; }

    public required string AuthPrefix { get; init; }

    public required string AuthSecretKey { get; init; }

    public required IReadOnlyList<string> CredentialKeys { get; init; }

    public required string Status { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime UpdatedAt { get; init; }

    public DateTime? LastTestedAt { get; init; }

    public string? LastTestStatus { get; init; }

    public int? LastTestHttpStatus { get; init; }

    public string? LastTestError { get; init; }

    public DateTime? LastRotatedAt { get; init; }

    public int? RotationIntervalDays { get; init; }

    public DateTime? NextRotationDueAt { get; init; }

    public required int SecretVersion { get; init; }

    public string? RotatedBy { get; init; }

    public string? RotationReason { get; init; }

    /// <summary>Seconds an unapproved agent's request may be held while the owner decides (ADR 0055); 0 = off.</summary>
    public int HoldSeconds { get; init; }

    /// <summary>MCP only (absent for http): <c>streamable_http</c> or <c>sse</c>.</summary>
    public string? McpTransport { get; init; }

    public string? McpEndpoint { get; init; }

    public McpToolPolicyView? McpToolPolicy { get; init; }

    /// <summary>MCP only: subject → policy; <c>{}</c> when there are none.</summary>
    public IReadOnlyDictionary<string, McpToolPolicyView>? McpSubjectToolPolicies { get; init; }

    /// <summary>MCP only: absent until the first discovery.</summary>
    public McpDiscoveryView? McpDiscovery { get; init; }

    public static ConnectionView From(ConnectionRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var mcp = c.Protocol == ConnectionValues.ProtocolMcp;
        return new()
        {
            Id = c.Id,
            Name = c.Name,
            Protocol = c.Protocol,
            BaseUrl = c.BaseUrl,
            PathPrefix = c.PathPrefix,
            AuthMode = c.AuthMode,
            AuthHeaderName = c.AuthHeaderName,
            AuthPrefix = c.AuthPrefix,
            AuthSecretKey = c.AuthSecretKey,
            CredentialKeys = c.CredentialKeys,
            Status = c.Status,
            CreatedAt = c.CreatedAt.UtcDateTime,
            UpdatedAt = c.UpdatedAt.UtcDateTime,
            LastTestedAt = c.LastTestedAt?.UtcDateTime,
            LastTestStatus = c.LastTestStatus,
            LastTestHttpStatus = c.LastTestHttpStatus,
            LastTestError = c.LastTestError,
            LastRotatedAt = c.LastRotatedAt?.UtcDateTime,
            RotationIntervalDays = c.RotationIntervalDays,
            NextRotationDueAt = c.NextRotationDueAt?.UtcDateTime,
            SecretVersion = c.SecretVersion,
            RotatedBy = c.RotatedBy,
            RotationReason = c.RotationReason,
            HoldSeconds = c.HoldSeconds,
            McpTransport = c.McpTransport,
            McpEndpoint = c.McpEndpoint,
            McpToolPolicy = mcp ? McpToolPolicyView.From(c.McpToolPolicy) : null,
            McpSubjectToolPolicies = mcp
                ? new SortedDictionary<string, McpToolPolicyView>(
                    (c.McpSubjectToolPolicies ?? new Dictionary<string, McpToolPolicy>()).ToDictionary(p => p.Key, p => McpToolPolicyView.From(p.Value), StringComparer.Ordinal),
                    StringComparer.Ordinal)
                : null,
            McpDiscovery = mcp && c.McpDiscovery is { } discovery ? McpDiscoveryView.From(discovery) : null,
        };
    }
}
