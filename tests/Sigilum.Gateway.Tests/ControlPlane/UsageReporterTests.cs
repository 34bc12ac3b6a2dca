namespace Sigilum.Gateway.ControlPlane;

/// <summary>Usage events (spec §3.12) to a real control plane, and the queue that never blocks.</summary>
public sealed class UsageReporterTests
{
    [Fact]
    public async Task Report_ArrivesAtTheControlPlaneAndIsQueryableByTheOwner()
    {
        await using var h = await LinkHarness.StartAsync();
        var agent = h.Cp.NewIdentity(LinkHarness.Ns);
        using var client = h.Client();
        using var reporter = new UsageReporter(client, LinkHarness.Log<UsageReporter>());
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
        Assert.Equal(0, reporter.Failed);
    }

    [Fact]
    public async Task Report_FullQueue_DropsTheOldestAndNeverBlocks()
    {
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", UsageQueueCapacity = 2 };
        using var identity = Protocol.Signatures.SigningIdentity.FromRecord(Protocol.Identity.IdentityRecord.Create("alice", TimeProvider.System));
        using var handler = new StaticHandler(System.Net.HttpStatusCode.Created, "{}");
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System, handler);
        // Not started yet: nothing drains the queue, as when the control plane hangs.
        using var reporter = new UsageReporter(client, LinkHarness.Log<UsageReporter>());

        // Report is synchronous and returns at once although nothing reads the queue.
        for (var i = 0; i < 5000; i++)
        {
            reporter.Report(Report("ed25519:key") with { StatusCode = 100 + (i % 500), DurationMs = i });
        }

        Assert.Equal(2, reporter.Queued);
        Assert.Equal(4998, reporter.Dropped);
        await reporter.StartAsync(CancellationToken.None);
        await LinkHarness.WaitUntilAsync(() => reporter.Sent == 2);
        await reporter.StopAsync(CancellationToken.None);
        // Both survivors go in one batch.
        var body = Assert.Single(handler.Bodies);
        var kept = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("duration_ms").GetInt64());
        Assert.Equal([4998L, 4999L], kept);
    }

    [Fact]
    public async Task Report_UsageDisabled_QueuesNothing()
    {
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", UsageEnabled = false };
        using var identity = Protocol.Signatures.SigningIdentity.FromRecord(Protocol.Identity.IdentityRecord.Create("alice", TimeProvider.System));
        using var handler = new StaticHandler(System.Net.HttpStatusCode.Created, "{}");
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System, handler);
        using var reporter = new UsageReporter(client, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report("ed25519:key"));
        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal(0, reporter.Queued);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Report_ControlPlaneUnreachable_CountsFailuresAndKeepsGoing()
    {
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", ControlPlaneUrl = ClosedPort.Url() };
        using var identity = Protocol.Signatures.SigningIdentity.FromRecord(Protocol.Identity.IdentityRecord.Create("alice", TimeProvider.System));
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System);
        using var reporter = new UsageReporter(client, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report("ed25519:key"));
        reporter.Report(Report("ed25519:key"));
        await LinkHarness.WaitUntilAsync(() => reporter.Failed == 2);
        await reporter.StopAsync(CancellationToken.None);

        Assert.Equal(0, reporter.Sent);
    }

    [Fact]
    public async Task Report_UnregisteredGateway_IsRefusedAndCounted()
    {
        await using var h = await LinkHarness.StartAsync();
        using var client = h.Client(identity: h.Cp.NewIdentity(LinkHarness.Ns));
        using var reporter = new UsageReporter(client, LinkHarness.Log<UsageReporter>());
        await reporter.StartAsync(CancellationToken.None);

        reporter.Report(Report(h.Cp.NewIdentity(LinkHarness.Ns).AgentKeyHeader));
        await LinkHarness.WaitUntilAsync(() => reporter.Failed == 1);
        await reporter.StopAsync(CancellationToken.None);

        var usage = await h.OwnerGetAsync($"v1/namespaces/{LinkHarness.Ns}/usage");
        Assert.Empty(usage.GetProperty("events").EnumerateArray());
    }

    private static UsageReport Report(string agentKey) => new()
    {
        Namespace = LinkHarness.Ns, Service = LinkHarness.Service, PublicKey = agentKey, Subject = "bob@example.com",
        Outcome = UsageOutcome.Success, StatusCode = 200, DurationMs = 12, ResponseBytes = 345, RequestMethod = "POST",
        RequestPath = "/v1/chat/completions", RemoteIp = "203.0.113.7", OccurredAt = TimeProvider.System.GetUtcNow(),
    };
}
