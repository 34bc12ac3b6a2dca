using Microsoft.Extensions.Logging;
using Sigilum.Core.Connections;
using Sigilum.Core.Storage;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The discovery cache of spec §3.10, kept in the connection row (ADR 0041) so every gateway instance on a shared store
/// serves the same list: in <c>auto</c> mode a stored list with tools no older than the TTL is a <c>cache_hit</c>; otherwise
/// the server is asked (<c>refreshed</c>); when that fails in <c>auto</c> mode a stored list no older than TTL +
/// stale-if-error is served (<c>stale_if_error</c>); otherwise the request fails (502 <c>MCP_DISCOVERY_FAILED</c>, or 503
/// <c>MCP_CIRCUIT_OPEN</c> while the upstream's breaker is open). Every failed refresh is written to
/// <c>last_discovery_error</c>, keeping the last good tools. Like Sigilum there is no single flight: concurrent stale
/// requests each ask (bounded by the upstream client's breaker).
/// </summary>
internal sealed class McpDiscoveryCache(
    IMcpUpstream upstream, ISigilumStore store, ConnectionRowCache rows, McpGatewayOptions options, GatewayMetrics metrics, TimeProvider time,
    ILogger<McpDiscoveryCache> logger)
{
    /// <summary>The tool list for <paramref name="connection"/>, reaching the server through <paramref name="target"/> when needed.</summary>
    public async Task<McpOutcome<McpDiscoveryRead>> GetAsync(ConnectionRecord connection, McpUpstreamTarget target, McpRefreshMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(target);
        var stored = connection.McpDiscovery;
        var age = stored?.LastDiscoveredAt is { } at ? time.GetUtcNow() - at : (TimeSpan?)null;
        var usable = stored is { Tools.Count: > 0 } && age is not null;
        if (mode == McpRefreshMode.Auto && usable && age <= options.DiscoveryCacheTtl)
        {
            metrics.McpDiscovery("cache_hit");
            return McpOutcome<McpDiscoveryRead>.Ok(new McpDiscoveryRead(stored!, McpDiscoverySource.CacheHit));
        }

        var fresh = await upstream.DiscoverAsync(target, cancellationToken);
        if (fresh.Succeeded)
        {
            // Stamped with this gateway's clock, the one the TTL is measured with.
            var discovery = fresh.Value! with { LastDiscoveredAt = time.GetUtcNow(), LastDiscoveryError = null };
            await store.Connections.RecordDiscoveryAsync(connection.Id, discovery, cancellationToken);
            rows.Invalidate(connection.Id);
            metrics.McpDiscovery("success");
            McpLog.Discovered(logger, connection.Id, discovery.Tools.Count, McpDiscoverySource.Refreshed);
            return McpOutcome<McpDiscoveryRead>.Ok(new McpDiscoveryRead(discovery, McpDiscoverySource.Refreshed));
        }

        var error = Classify(fresh.Error);
        McpLog.DiscoveryFailed(logger, connection.Id, error.Code, error.Message);
        metrics.UpstreamError(error.Code == ErrorCatalogue.McpCircuitOpen ? "mcp_circuit_open" : "mcp_discovery_failed");
        // The last good tools stay; the error says why they were not refreshed (shown to operators, spec §3.7).
        var failed = (stored ?? new McpDiscovery()) with { LastDiscoveryError = error.Message };
        await store.Connections.RecordDiscoveryAsync(connection.Id, failed, CancellationToken.None);
        rows.Invalidate(connection.Id);
        if (mode == McpRefreshMode.Auto && usable && age <= options.DiscoveryCacheTtl + options.DiscoveryStaleIfError)
        {
            metrics.McpDiscovery("stale_if_error");
            return McpOutcome<McpDiscoveryRead>.Ok(new McpDiscoveryRead(failed, McpDiscoverySource.StaleIfError));
        }
        metrics.McpDiscovery("error");
        return McpOutcome<McpDiscoveryRead>.Fail(error);
    }

    // The upstream answers 502 MCP_DISCOVERY_FAILED or 503 MCP_CIRCUIT_OPEN; anything else is reported as a failed discovery.
    private static GatewayError Classify(GatewayError error) =>
        error.Code is ErrorCatalogue.McpDiscoveryFailed or ErrorCatalogue.McpCircuitOpen
            ? error
            : new GatewayError(502, ErrorCatalogue.McpDiscoveryFailed, "MCP discovery failed: " + error.Message);
}
