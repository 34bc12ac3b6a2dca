using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Keeps label cardinality bounded: each label takes values from a fixed set (spec §3.13) and anything
/// else is counted as <c>other</c>, so a caller-controlled string can never create unbounded series.
/// </summary>
internal static class MetricLabelValues
{
    public const string Other = "other";

    /// <summary>Distinct auth-reject reasons kept before new ones are counted as <c>other</c>.</summary>
    public const int MaxRejectReasons = 64;

    public static readonly FrozenSet<string> Protocols = FrozenSet.ToFrozenSet(["http", "mcp"], StringComparer.Ordinal);

    /// <summary>Outcomes of an upstream call: the usage outcomes (spec §3.12) plus the forwarding engine's failures.</summary>
    public static readonly FrozenSet<string> UpstreamOutcomes = FrozenSet.ToFrozenSet(
        ["success", "error", "forbidden", "rate_limited", "timeout", "client_aborted", "response_aborted", "body_too_large", "circuit_open", "http_4xx", "http_5xx"],
        StringComparer.Ordinal);

    public static readonly FrozenSet<string> UpstreamErrorClasses = FrozenSet.ToFrozenSet(
        ["upstream_error", "upstream_timeout", "http_5xx", "mcp_discovery_failed", "mcp_tool_call_failed", "mcp_circuit_open"], StringComparer.Ordinal);

    /// <summary>What became of usage events (ADR 0029): accepted by the control plane, refused by it, or dropped here.</summary>
    public static readonly FrozenSet<string> UsageResults = FrozenSet.ToFrozenSet(["sent", "refused", "dropped"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> DrainOutcomes = FrozenSet.ToFrozenSet(["success", "timeout", "error", "forced_close_failed"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> McpDiscoveryResults = FrozenSet.ToFrozenSet(["success", "error", "cache_hit", "stale_if_error"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> McpToolCallResults = FrozenSet.ToFrozenSet(
        ["success", "forbidden", "rate_limited", "circuit_open", "error"], StringComparer.Ordinal);

    public static string From(string? value, FrozenSet<string> allowed)
    {
        if (value is null)
        {
            return Other;
        }
        if (allowed.Contains(value))
        {
            return value;
        }
        var lower = value.ToLowerInvariant();
        return allowed.TryGetValue(lower, out var known) ? known : Other;
    }

    /// <summary>
    /// An error code lower-cased (spec §3.13: <c>auth_claim_required</c>). Codes are open-ended (new ones
    /// follow Sigilum's style), so any <c>[a-z0-9_]</c> code up to 64 chars is kept until
    /// <see cref="MaxRejectReasons"/> distinct ones exist; the rest count as <c>other</c>.
    /// </summary>
    public static string Reason(string? code, ConcurrentDictionary<string, string> seen)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 64)
        {
            return Other;
        }
        if (seen.TryGetValue(code, out var existing))
        {
            return existing;
        }
        var lower = code.ToLowerInvariant();
        foreach (var c in lower)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return Other;
            }
        }
        if (seen.Count >= MaxRejectReasons)
        {
            return Other;
        }
        return seen.GetOrAdd(code, lower);
    }
}
