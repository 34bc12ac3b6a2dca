using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Sigilum.AspNetCore.Metrics;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The gateway's Prometheus metrics (spec §3.13, names kept exactly so existing dashboards work) plus
/// two of ours (claims stream, audit records). Counting is lock-free; label values come from fixed
/// sets (<see cref="MetricLabelValues"/>), so no caller input can grow the series without bound.
/// </summary>
internal sealed class GatewayMetrics
{
    private const string Prefix = "sigilum_gateway_";

    private readonly ConcurrentDictionary<string, string> _reasons = new(StringComparer.Ordinal);
    private readonly MetricFamily _authReject = new(Prefix + "auth_reject_total", "counter", "Signed requests rejected, by error code.", "reason");
    private readonly MetricFamily _replay = new(Prefix + "replay_detected_total", "counter", "Requests refused because their nonce was already seen.");
    private readonly MetricFamily _upstreamRequests = new(Prefix + "upstream_requests_total", "counter", "Requests sent upstream, by protocol and outcome.", "protocol", "outcome");
    private readonly MetricFamily _upstreamLatency = new(Prefix + "upstream_latency_seconds", "summary", "Upstream request latency in seconds, by protocol and outcome.", "protocol", "outcome");
    private readonly MetricFamily _upstreamErrors = new(Prefix + "upstream_error_total", "counter", "Upstream failures, by class.", "class");
    private readonly MetricFamily _mcpDiscovery = new(Prefix + "mcp_discovery_total", "counter", "MCP tool discoveries, by result.", "result");
    private readonly MetricFamily _mcpToolCalls = new(Prefix + "mcp_tool_call_total", "counter", "MCP tool calls, by result.", "result");
    private readonly MetricFamily _drain = new(Prefix + "shutdown_drain_total", "counter", "Graceful shutdown drains, by outcome.", "outcome");
    private readonly MetricFamily _drainSeconds = new(Prefix + "shutdown_drain_seconds", "summary", "Graceful shutdown drain duration in seconds, by outcome.", "outcome");
    private readonly MetricFamily _usage = new(Prefix + "usage_events_total", "counter", "Usage events by result: sent to the control plane, refused by it, or dropped (queue full, shutdown).", "result");
    private readonly MetricFamily _audit = new(Prefix + "audit_records_total", "counter", "Audit records written.");
    private long _inFlight;
    private long _claimsStreamConnected;
    private Func<int> _heldRequests = static () => 0;

    /// <summary>Requests currently being proxied (maintained by <see cref="RequestsInFlightMiddleware"/>).</summary>
    public long RequestsInFlight => Interlocked.Read(ref _inFlight);

    /// <summary>A signed request was refused with <paramref name="code"/> (e.g. <c>AUTH_CLAIM_REQUIRED</c>).</summary>
    public void AuthRejected(string code) => _authReject.Series(new(MetricLabelValues.Reason(code, _reasons))).Increment();

    public void ReplayDetected() => _replay.Series().Increment();

    /// <summary>One upstream call finished: <paramref name="protocol"/> http|mcp, outcome e.g. success|error|timeout.</summary>
    public void UpstreamRequest(string protocol, string outcome, TimeSpan latency)
    {
        var labels = new MetricLabels(MetricLabelValues.From(protocol, MetricLabelValues.Protocols), MetricLabelValues.From(outcome, MetricLabelValues.UpstreamOutcomes));
        _upstreamRequests.Series(labels).Increment();
        _upstreamLatency.Series(labels).Observe(latency);
    }

    /// <summary>An upstream failure of <paramref name="errorClass"/>: upstream_error, http_5xx, mcp_discovery_failed, …</summary>
    public void UpstreamError(string errorClass) => _upstreamErrors.Series(new(MetricLabelValues.From(errorClass, MetricLabelValues.UpstreamErrorClasses))).Increment();

    public void McpDiscovery(string result) => _mcpDiscovery.Series(new(MetricLabelValues.From(result, MetricLabelValues.McpDiscoveryResults))).Increment();

    public void McpToolCall(string result) => _mcpToolCalls.Series(new(MetricLabelValues.From(result, MetricLabelValues.McpToolCallResults))).Increment();

    /// <summary>The shutdown drain ended with <paramref name="outcome"/> (success, timeout, error, forced_close_failed).</summary>
    public void ShutdownDrain(string outcome, TimeSpan duration)
    {
        var labels = new MetricLabels(MetricLabelValues.From(outcome, MetricLabelValues.DrainOutcomes));
        _drain.Series(labels).Increment();
        _drainSeconds.Series(labels).Observe(duration);
    }

    /// <summary>
    /// Where the <c>requests_held</c> gauge reads from: the requests held while the owner decides (ADR 0055). Read when
    /// scraped, so holding and releasing a request costs the metrics nothing.
    /// </summary>
    public void ObserveHeldRequests(Func<int> count) => _heldRequests = count ?? throw new ArgumentNullException(nameof(count));

    public void SetClaimsStreamConnected(bool connected) => Interlocked.Exchange(ref _claimsStreamConnected, connected ? 1 : 0);

    /// <summary><paramref name="count"/> usage events ended as <paramref name="result"/> (sent, refused, dropped).</summary>
    public void UsageEvents(string result, long count) => _usage.Series(new(MetricLabelValues.From(result, MetricLabelValues.UsageResults))).Add(count);

    public void AuditRecorded() => _audit.Series().Increment();

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestFinished() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The exposition text (format 0.0.4).</summary>
    public string Render()
    {
        var output = new StringBuilder(4096);
        _authReject.Write(output);
        _replay.Write(output);
        WriteGauge(output, Prefix + "requests_in_flight", "Proxied requests currently in flight.", RequestsInFlight);
        WriteGauge(output, Prefix + "requests_held", "Unapproved requests held while the owner decides (hold_seconds, Prefer: wait).", _heldRequests());
        _upstreamRequests.Write(output);
        _upstreamLatency.Write(output);
        _upstreamErrors.Write(output);
        _mcpDiscovery.Write(output);
        _mcpToolCalls.Write(output);
        _drain.Write(output);
        _drainSeconds.Write(output);
        WriteGauge(output, Prefix + "claims_stream_connected", "1 while the approvals push stream to the control plane is connected.", Interlocked.Read(ref _claimsStreamConnected));
        _audit.Write(output);
        _usage.Write(output);
        return output.ToString();
    }

    private static void WriteGauge(StringBuilder output, string name, string help, long value)
    {
        PrometheusText.WriteHeader(output, name, "gauge", help);
        PrometheusText.WriteSample(output, name, string.Empty, value.ToString(CultureInfo.InvariantCulture));
    }
}
