using Sigilum.Core.Usage.Reporting;
using System.Net;
using System.Text.Json;
using Sigilum.Gateway.Forwarding;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>Usage events (spec §3.12) in batches (ADR 0029): to a real control plane, and the queue that never blocks.</summary>
public sealed class UsageReporterTests
{
    private static readonly SigningIdentity Gateway = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));

    [Fact]
    public async Task Report_ArrivesAtTheControlPlaneAndIsQueryableByTheOwner()
    {
        await using var h = await LinkHarness.StartAsync();
        var agent = h.Cp.NewIdentity(LinkHarness.Ns);
        var options = h.Options();
        options.UsageBatchSize = 2;
        using var client = h.Client(options);
        using var reporter = new UsageReporter(client, TimeProvider.System, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report(agent.AgentKeyHeader) with { RequestPath = "/v1/chat/completions?api_key=sk-secret" });
        reporter.Report(Report(agent.AgentKeyHeader) with { Outcome = UsageOutcome.Denied, StatusCode = 429 });
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 2);
        await reporter.StopAsync(CancellationToken.None);

        var usage = await h.OwnerGetAsync($"v1/namespaces/{LinkHarness.Ns}/usage");
        var events = usage.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        var success = events.Single(e => e.GetProperty("outcome").GetString() == "success");
        Assert.Equal(LinkHarness.Service, success.GetProperty("service").GetString());
        Assert.Equal(agent.AgentKeyHeader, success.GetProperty("public_key").GetString());
        Assert.Equal("bob@example.com", success.GetProperty("subject").GetString());
        Assert.Equal("POST", success.GetProperty("request_method").GetString());
        Assert.Equal("/v1/chat/completions", success.GetProperty("request_path").GetString());
        Assert.Equal(200, success.GetProperty("status_code").GetInt32());
        Assert.Equal(h.NodeId, success.GetProperty("node_id").GetString());
        // The id is the gateway's own, never the client's X-Request-Id.
        Assert.StartsWith("gw-", success.GetProperty("event_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, usage.GetProperty("summary").GetProperty("denied").GetInt32());
        Assert.Equal((0, 0), (reporter.Refused, reporter.FailedAttempts));
    }

    [Fact]
    public async Task Report_FieldsTheControlPlaneWouldRefuse_AreBoundedSoTheBatchIsAccepted()
    {
        await using var h = await LinkHarness.StartAsync();
        var agent = h.Cp.NewIdentity(LinkHarness.Ns);
        var options = h.Options();
        options.UsageBatchSize = 3;
        using var client = h.Client(options);
        using var reporter = new UsageReporter(client, TimeProvider.System, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        // Everything here comes from the agent's request; none of it may cost the other events of the batch.
        reporter.Report(Report(agent.AgentKeyHeader) with { RequestPath = "/" + new string('a', 5000), RequestMethod = "get", Namespace = "someone-else" });
        reporter.Report(Report(agent.AgentKeyHeader) with { RequestPath = "/x\u0001y", RequestMethod = "M-SEARCH", Subject = new string('s', 300) });
        reporter.Report(Report(agent.AgentKeyHeader) with { Subject = "bad\uD800", StatusCode = 42, DurationMs = -5 });
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 3);
        await reporter.StopAsync(CancellationToken.None);

        var events = (await h.OwnerGetAsync($"v1/namespaces/{LinkHarness.Ns}/usage")).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(3, events.Count);
        Assert.Contains(events, e => e.GetProperty("request_path").GetString()?.Length == 2048 && e.GetProperty("request_method").GetString() == "GET");
        Assert.Contains(events, e => e.GetProperty("request_path").ValueKind == JsonValueKind.Null && e.GetProperty("subject").GetString()?.Length == 256);
        Assert.Contains(events, e => e.GetProperty("subject").ValueKind == JsonValueKind.Null && e.GetProperty("status_code").ValueKind == JsonValueKind.Null);
        Assert.Equal(0, reporter.Refused);
    }

    [Fact]
    public async Task Report_McpToolCall_ArrivesWithProtocolAndActionAndABadToolNameIsLeftOut()
    {
        await using var h = await LinkHarness.StartAsync();
        var agent = h.Cp.NewIdentity(LinkHarness.Ns);
        var options = h.Options();
        options.UsageBatchSize = 3;
        using var client = h.Client(options);
        using var reporter = new UsageReporter(client, TimeProvider.System, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report(agent.AgentKeyHeader) with { Protocol = "mcp", Action = "mcp_call:echo", RequestPath = "/mcp/linear/tools/echo/call" });
        // A tool name the control plane would refuse (a space; too long) must not cost the batch: the verb alone is sent.
        reporter.Report(Report(agent.AgentKeyHeader) with { Protocol = "mcp", Action = "mcp_call:bad tool" });
        reporter.Report(Report(agent.AgentKeyHeader) with { Protocol = "mcp", Action = "mcp_explain:" + new string('t', 129) });
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 3);
        await reporter.StopAsync(CancellationToken.None);

        var events = (await h.OwnerGetAsync($"v1/namespaces/{LinkHarness.Ns}/usage?protocol=mcp")).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal("mcp", e.GetProperty("protocol").GetString()));
        Assert.Equal(["mcp_call", "mcp_call:echo", "mcp_explain"], events.Select(e => e.GetProperty("action").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(0, reporter.Refused);
        Assert.Equal(0, (await h.OwnerGetAsync($"v1/namespaces/{LinkHarness.Ns}/usage?protocol=http")).GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Report_FewEvents_SentAsOneBatchWhenTheFlushIntervalPasses()
    {
        var time = new ManualTimeProvider();
        using var handler = new SequenceHandler(HttpStatusCode.Created);
        using var client = Fixture(handler, o => o.UsageBatchSize = 10);
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        for (var i = 0; i < 3; i++)
        {
            reporter.Report(Report("ed25519:key") with { DurationMs = i, OccurredAt = time.GetUtcNow() });
        }
        await reporter.StartAsync(CancellationToken.None);
        await LinkHarness.WaitUntilAsync(() => reporter.State == UsageReporterState.Collecting);
        Assert.Empty(handler.Bodies);

        time.Advance(TimeSpan.FromSeconds(1));
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 3);
        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], Durations(Assert.Single(handler.Bodies)));
    }

    [Fact]
    public async Task Report_BatchFills_SentWithoutWaitingForTheInterval()
    {
        var time = new ManualTimeProvider();
        using var handler = new SequenceHandler(HttpStatusCode.Created);
        using var client = Fixture(handler, o => o.UsageBatchSize = 3);
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        reporter.Report(Report("ed25519:key") with { DurationMs = 0, OccurredAt = time.GetUtcNow() });
        await reporter.StartAsync(CancellationToken.None);
        await LinkHarness.WaitUntilAsync(() => reporter.State == UsageReporterState.Collecting);

        reporter.Report(Report("ed25519:key") with { DurationMs = 1, OccurredAt = time.GetUtcNow() });
        reporter.Report(Report("ed25519:key") with { DurationMs = 2, OccurredAt = time.GetUtcNow() });
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 3);
        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], Durations(Assert.Single(handler.Bodies)));
    }

    [Fact]
    public async Task Report_FullQueue_DropsTheOldestAndNeverBlocks()
    {
        using var handler = new SequenceHandler(HttpStatusCode.Created);
        using var client = Fixture(handler, o => (o.UsageQueueCapacity, o.UsageBatchSize) = (2, 2));
        var metrics = new Operations.GatewayMetrics();
        // Not started yet: nothing drains the queue, as when the control plane hangs.
        using var reporter = new UsageReporter(client, TimeProvider.System, LinkHarness.Log<UsageReporter>(), metrics);

        // Report is synchronous and returns at once although nothing reads the queue.
        for (var i = 0; i < 5000; i++)
        {
            reporter.Report(Report("ed25519:key") with { StatusCode = 100 + (i % 500), DurationMs = i });
        }

        Assert.Equal(2, reporter.Queued);
        Assert.Equal(4998, reporter.Dropped);
        Assert.Contains("sigilum_gateway_usage_events_total{result=\"dropped\"} 4998", metrics.Render(), StringComparison.Ordinal);
        await reporter.StartAsync(CancellationToken.None);
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 2);
        await reporter.StopAsync(CancellationToken.None);
        // Both survivors go in one batch.
        Assert.Equal([4998L, 4999L], Durations(Assert.Single(handler.Bodies)));
        Assert.Contains("sigilum_gateway_usage_events_total{result=\"sent\"} 2", metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_FailsInTransit_RetriedWithTheSameBodyAfterTheBackoff()
    {
        var time = new ManualTimeProvider();
        using var handler = new SequenceHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created);
        using var client = Fixture(handler, o => o.UsageBatchSize = 1);
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        reporter.Report(Report("ed25519:key") with { OccurredAt = time.GetUtcNow() });
        await reporter.StartAsync(CancellationToken.None);
        await LinkHarness.WaitUntilAsync(() => reporter.State == UsageReporterState.BackingOff);
        Assert.Equal((1L, 0L), (reporter.FailedAttempts, reporter.Sent));

        time.Advance(client.Options.InitialRetryDelay);
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 1);
        await reporter.StopAsync(CancellationToken.None);

        // Same bytes, so the same event ids: the control plane counts a retry of a batch that did land only once.
        Assert.Equal(2, handler.Bodies.Count);
        Assert.Equal(handler.Bodies[0], handler.Bodies[1]);
    }

    [Fact]
    public async Task Send_BackoffDoublesUpToTheMaximum()
    {
        var time = new ManualTimeProvider();
        using var handler = new SequenceHandler(HttpStatusCode.BadGateway);
        using var client = Fixture(handler, o => (o.UsageBatchSize, o.InitialRetryDelay, o.MaxRetryDelay) = (1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        reporter.Report(Report("ed25519:key") with { OccurredAt = time.GetUtcNow() });
        await reporter.StartAsync(CancellationToken.None);

        // Attempt 1, wait 1 s, attempt 2, wait 2 s, attempt 3, wait 2 s (the maximum).
        foreach (var (wait, attempts) in new[] { (1.0, 2L), (2.0, 3L), (2.0, 4L) })
        {
            await LinkHarness.WaitUntilAsync(() => reporter.State == UsageReporterState.BackingOff && reporter.FailedAttempts == attempts - 1);
            time.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(attempts - 1, reporter.FailedAttempts);
            time.Advance(TimeSpan.FromMilliseconds(1));
            await LinkHarness.WaitUntilAsync(() => reporter.FailedAttempts == attempts);
        }
        await reporter.StopAsync(CancellationToken.None);
        Assert.Equal(0, reporter.Sent);
    }

    [Fact]
    public async Task Send_RefusedForGood_DropsTheBatchAndTheNextOneStillGoes()
    {
        var time = new ManualTimeProvider();
        using var handler = new SequenceHandler(HttpStatusCode.BadRequest, HttpStatusCode.Created) { ErrorCode = "USAGE_EVENT_INVALID" };
        using var client = Fixture(handler, o => o.UsageBatchSize = 1);
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report("ed25519:key") with { OccurredAt = time.GetUtcNow() });
        await LinkHarness.WaitUntilAsync(() => reporter.Refused == 1);
        reporter.Report(Report("ed25519:key") with { OccurredAt = time.GetUtcNow() });
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 1);
        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal(0, reporter.FailedAttempts);
    }

    [Fact]
    public async Task StopAsync_QueuedReports_AreFlushedBeforeItReturns()
    {
        var time = new ManualTimeProvider();
        using var handler = new SequenceHandler(HttpStatusCode.Created);
        using var client = Fixture(handler, o => (o.UsageBatchSize, o.UsageFlushInterval) = (2, TimeSpan.FromHours(1)));
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        reporter.Report(Report("ed25519:key") with { DurationMs = 0, OccurredAt = time.GetUtcNow() });
        await reporter.StartAsync(CancellationToken.None);
        await LinkHarness.WaitUntilAsync(() => reporter.State == UsageReporterState.Collecting);
        // Two more while the first waits for its hour: a full batch is sent at once, the last one is left queued.
        reporter.Report(Report("ed25519:key") with { DurationMs = 1, OccurredAt = time.GetUtcNow() });
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 2);
        reporter.Report(Report("ed25519:key") with { DurationMs = 2, OccurredAt = time.GetUtcNow() });

        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal((3L, UsageReporterState.Stopped), (reporter.Sent, reporter.State));
        Assert.Equal([2L], Durations(handler.Bodies[^1]));
        // After shutdown a report is dropped and counted, not queued for nobody.
        reporter.Report(Report("ed25519:key"));
        Assert.Equal((1L, 0), (reporter.Dropped, reporter.Queued));
    }

    [Fact]
    public async Task StopAsync_WhileABatchBacksOff_SendsItOnceMore()
    {
        var time = new ManualTimeProvider();
        using var handler = new SequenceHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created);
        using var client = Fixture(handler, o => o.UsageBatchSize = 1);
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        reporter.Report(Report("ed25519:key") with { OccurredAt = time.GetUtcNow() });
        await reporter.StartAsync(CancellationToken.None);
        await LinkHarness.WaitUntilAsync(() => reporter.State == UsageReporterState.BackingOff);

        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal((1L, 2), (reporter.Sent, handler.Bodies.Count));
    }

    [Fact]
    public async Task Report_UsageDisabled_QueuesNothing()
    {
        using var handler = new SequenceHandler(HttpStatusCode.Created);
        using var client = Fixture(handler, o => o.UsageEnabled = false);
        using var reporter = new UsageReporter(client, TimeProvider.System, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report("ed25519:key"));
        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal((0, 0L), (reporter.Queued, reporter.Dropped));
        Assert.Empty(handler.Bodies);
    }

    [Fact]
    public async Task Report_ControlPlaneUnreachable_CountsFailedAttemptsAndKeepsTheBatch()
    {
        var time = new ManualTimeProvider();
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", ControlPlaneUrl = ClosedPort.Url(), UsageBatchSize = 2 };
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System);
        using var reporter = new UsageReporter(client, time, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report("ed25519:key"));
        reporter.Report(Report("ed25519:key"));
        await LinkHarness.WaitUntilAsync(() => reporter.State == UsageReporterState.BackingOff);
        time.Advance(options.InitialRetryDelay);
        await LinkHarness.WaitUntilAsync(() => reporter.FailedAttempts >= 2);

        Assert.Equal((0L, 0L), (reporter.Sent, reporter.Refused));
        await reporter.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Report_UnregisteredGateway_IsRefusedAndCounted()
    {
        await using var h = await LinkHarness.StartAsync();
        var options = h.Options();
        options.UsageBatchSize = 1;
        using var client = h.Client(options, identity: h.Cp.NewIdentity(LinkHarness.Ns));
        using var reporter = new UsageReporter(client, TimeProvider.System, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report(h.Cp.NewIdentity(LinkHarness.Ns).AgentKeyHeader));
        await LinkHarness.WaitUntilAsync(() => reporter.Refused == 1);
        await reporter.StopAsync(CancellationToken.None);

        var usage = await h.OwnerGetAsync($"v1/namespaces/{LinkHarness.Ns}/usage");
        Assert.Empty(usage.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public void Validate_BatchLargerThanTheControlPlaneAccepts_Throws()
    {
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", UsageBatchSize = UsageReporter.MaxBatch + 1 };

        Assert.Equal("UsageBatchSize", Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public void Validate_QueueSmallerThanOneBatch_Throws()
    {
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", UsageBatchSize = 10, UsageQueueCapacity = 9 };

        Assert.Equal("UsageBatchSize", Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    private static List<long> Durations(byte[] body) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("duration_ms").GetInt64())];

    /// <summary>A client of the test gateway over <paramref name="handler"/>, with adjusted options.</summary>
    private static ControlPlaneClient Fixture(HttpMessageHandler handler, Action<ControlPlaneLinkOptions> configure)
    {
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused" };
        configure(options);
        return new ControlPlaneClient(Gateway, options, TimeProvider.System, handler);
    }

    private static UsageReport Report(string agentKey) => new()
    {
        Namespace = LinkHarness.Ns, Service = LinkHarness.Service, PublicKey = agentKey, Subject = "bob@example.com",
        Outcome = UsageOutcome.Success, StatusCode = 200, DurationMs = 12, ResponseBytes = 345, RequestMethod = "POST",
        RequestPath = "/v1/chat/completions", RemoteIp = "203.0.113.7", OccurredAt = TimeProvider.System.GetUtcNow(),
    };
}
