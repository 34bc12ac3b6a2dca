using System.Text;
using Sigilum.AspNetCore.Metrics;

namespace Sigilum.Gateway.Operations;

public sealed class GatewayMetricsTests
{
    // Spec §3.13 names, plus ours (claims stream, held requests, audit records, usage events).
    private static readonly (string Name, string Type)[] Families =
    [
        ("sigilum_gateway_auth_reject_total", "counter"),
        ("sigilum_gateway_replay_detected_total", "counter"),
        ("sigilum_gateway_requests_in_flight", "gauge"),
        ("sigilum_gateway_requests_held", "gauge"),
        ("sigilum_gateway_upstream_requests_total", "counter"),
        ("sigilum_gateway_upstream_latency_seconds", "summary"),
        ("sigilum_gateway_upstream_error_total", "counter"),
        ("sigilum_gateway_mcp_discovery_total", "counter"),
        ("sigilum_gateway_mcp_tool_call_total", "counter"),
        ("sigilum_gateway_shutdown_drain_total", "counter"),
        ("sigilum_gateway_shutdown_drain_seconds", "summary"),
        ("sigilum_gateway_claims_stream_connected", "gauge"),
        ("sigilum_gateway_audit_records_total", "counter"),
        ("sigilum_gateway_usage_events_total", "counter"),
    ];

    [Fact]
    public void UsageEvents_CountsPerResult_UnknownResultIsOther()
    {
        var metrics = new GatewayMetrics();
        metrics.UsageEvents("sent", 500);
        metrics.UsageEvents("sent", 3);
        metrics.UsageEvents("dropped", 1);
        metrics.UsageEvents("made-up", 2);

        var e = PrometheusParser.Parse(metrics.Render());

        Assert.Equal(503, e.Value("sigilum_gateway_usage_events_total", ("result", "sent")));
        Assert.Equal(1, e.Value("sigilum_gateway_usage_events_total", ("result", "dropped")));
        Assert.Equal(2, e.Value("sigilum_gateway_usage_events_total", ("result", "other")));
    }

    [Fact]
    public void Render_NothingObserved_EveryFamilyDeclaredAndNoLabeledSeries()
    {
        var exposition = PrometheusParser.Parse(new GatewayMetrics().Render());

        foreach (var (name, type) in Families)
        {
            Assert.Equal(type, exposition.Types[name]);
            Assert.False(string.IsNullOrWhiteSpace(exposition.Help[name]));
        }
        Assert.Equal(Families.Length, exposition.Types.Count);
        Assert.All(exposition.Samples, sample => Assert.Empty(sample.Labels));
        Assert.Equal(0, exposition.Value("sigilum_gateway_requests_in_flight"));
        Assert.Equal(0, exposition.Value("sigilum_gateway_replay_detected_total"));
    }

    [Fact]
    public void Render_AfterObservations_SeriesCarrySpecLabelsAndValues()
    {
        var metrics = new GatewayMetrics();
        metrics.AuthRejected("AUTH_CLAIM_REQUIRED");
        metrics.AuthRejected("AUTH_CLAIM_REQUIRED");
        metrics.AuthRejected("AUTH_REPLAY_DETECTED");
        metrics.ReplayDetected();
        metrics.UpstreamRequest("http", "success", TimeSpan.FromMilliseconds(250));
        metrics.UpstreamRequest("http", "success", TimeSpan.FromMilliseconds(750));
        metrics.UpstreamRequest("mcp", "error", TimeSpan.FromSeconds(2));
        metrics.UpstreamError("http_5xx");
        metrics.McpDiscovery("cache_hit");
        metrics.McpToolCall("forbidden");
        metrics.ShutdownDrain("timeout", TimeSpan.FromSeconds(15));
        metrics.SetClaimsStreamConnected(true);
        metrics.AuditRecorded();

        var e = PrometheusParser.Parse(metrics.Render());

        Assert.Equal(2, e.Value("sigilum_gateway_auth_reject_total", ("reason", "auth_claim_required")));
        Assert.Equal(1, e.Value("sigilum_gateway_auth_reject_total", ("reason", "auth_replay_detected")));
        Assert.Equal(1, e.Value("sigilum_gateway_replay_detected_total"));
        Assert.Equal(2, e.Value("sigilum_gateway_upstream_requests_total", ("protocol", "http"), ("outcome", "success")));
        Assert.Equal(2, e.Value("sigilum_gateway_upstream_latency_seconds_count", ("protocol", "http"), ("outcome", "success")));
        Assert.Equal(1.0, e.Value("sigilum_gateway_upstream_latency_seconds_sum", ("protocol", "http"), ("outcome", "success")));
        Assert.Equal(2.0, e.Value("sigilum_gateway_upstream_latency_seconds_sum", ("protocol", "mcp"), ("outcome", "error")));
        Assert.Equal(1, e.Value("sigilum_gateway_upstream_error_total", ("class", "http_5xx")));
        Assert.Equal(1, e.Value("sigilum_gateway_mcp_discovery_total", ("result", "cache_hit")));
        Assert.Equal(1, e.Value("sigilum_gateway_mcp_tool_call_total", ("result", "forbidden")));
        Assert.Equal(1, e.Value("sigilum_gateway_shutdown_drain_total", ("outcome", "timeout")));
        Assert.Equal(15.0, e.Value("sigilum_gateway_shutdown_drain_seconds_sum", ("outcome", "timeout")));
        Assert.Equal(1, e.Value("sigilum_gateway_shutdown_drain_seconds_count", ("outcome", "timeout")));
        Assert.Equal(1, e.Value("sigilum_gateway_claims_stream_connected"));
        Assert.Equal(1, e.Value("sigilum_gateway_audit_records_total"));
    }

    [Fact]
    public void UpstreamRequest_UnknownLabelValues_CountedAsOther()
    {
        var metrics = new GatewayMetrics();
        metrics.UpstreamRequest("gopher", "exploded\"\n", TimeSpan.Zero);
        metrics.UpstreamError("SOMETHING_NEW");
        metrics.ShutdownDrain("", TimeSpan.Zero);

        var e = PrometheusParser.Parse(metrics.Render());

        Assert.Equal(1, e.Value("sigilum_gateway_upstream_requests_total", ("protocol", "other"), ("outcome", "other")));
        Assert.Equal(1, e.Value("sigilum_gateway_upstream_error_total", ("class", "other")));
        Assert.Equal(1, e.Value("sigilum_gateway_shutdown_drain_total", ("outcome", "other")));
    }

    [Fact]
    public void AuthRejected_ManyDistinctOrOddCodes_CardinalityBounded()
    {
        var metrics = new GatewayMetrics();
        for (var i = 0; i < 500; i++)
        {
            metrics.AuthRejected("AUTH_GENERATED_" + i);
        }
        metrics.AuthRejected("AUTH \"QUOTED\"\nCODE");

        var e = PrometheusParser.Parse(metrics.Render());
        var reasons = e.Samples.Where(s => s.Name == "sigilum_gateway_auth_reject_total").ToList();

        Assert.Equal(MetricLabelValues.MaxRejectReasons + 1, reasons.Count);
        Assert.Equal(500 - MetricLabelValues.MaxRejectReasons + 1, e.Value("sigilum_gateway_auth_reject_total", ("reason", "other")));
    }

    [Fact]
    public void UpstreamLatency_SubSecond_SumInSeconds()
    {
        var metrics = new GatewayMetrics();
        metrics.UpstreamRequest("http", "timeout", TimeSpan.FromMilliseconds(1.5));

        var e = PrometheusParser.Parse(metrics.Render());

        Assert.Equal(0.0015, e.Value("sigilum_gateway_upstream_latency_seconds_sum", ("protocol", "http"), ("outcome", "timeout"))!.Value, 9);
    }

    [Fact]
    public async Task Counters_ConcurrentUpdates_NoneLost()
    {
        var metrics = new GatewayMetrics();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                metrics.UpstreamRequest("http", "success", TimeSpan.FromTicks(1));
                metrics.RequestStarted();
                metrics.RequestFinished();
            }
        }));
        await Task.WhenAll(workers);

        var e = PrometheusParser.Parse(metrics.Render());

        Assert.Equal(80_000, e.Value("sigilum_gateway_upstream_requests_total", ("protocol", "http"), ("outcome", "success")));
        Assert.Equal(0, e.Value("sigilum_gateway_requests_in_flight"));
    }

    [Fact]
    public void AppendLabel_SpecialCharacters_EscapedPerFormat()
    {
        var text = new StringBuilder();
        PrometheusText.AppendLabel(text, "reason", "a\\b\"c\nd");

        Assert.Equal("reason=\"a\\\\b\\\"c\\nd\"", text.ToString());
        var parsed = PrometheusParser.Parse("# TYPE m counter\nm{" + text + "} 1\n");
        Assert.Equal("a\\b\"c\nd", parsed.Samples.Single().Labels["reason"]);
    }

    [Fact]
    public void SetClaimsStreamConnected_False_GaugeBackToZero()
    {
        var metrics = new GatewayMetrics();
        metrics.SetClaimsStreamConnected(true);
        metrics.SetClaimsStreamConnected(false);

        Assert.Equal(0, PrometheusParser.Parse(metrics.Render()).Value("sigilum_gateway_claims_stream_connected"));
    }
}
