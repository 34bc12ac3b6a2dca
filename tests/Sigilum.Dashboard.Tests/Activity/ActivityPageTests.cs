using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Activity;

/// <summary>The activity page against a real control plane; usage arrives through the real API, signed by a registered gateway.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ActivityPageTests(BrowserFixture browser)
{
    private const string Path = "/dashboard/activity";

    [Fact]
    public async Task Activity_AfterTraffic_ChartHasBarsPerOutcomeAndLegend()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var now = TimeProvider.System.GetUtcNow();
            await ReportAsync(harness, "alice",
                Event("s1", now.AddMinutes(-5), "success"), Event("s2", now.AddMinutes(-4), "success"), Event("s3", now.AddMinutes(-3), "success"),
                Event("d1", now.AddMinutes(-2), "denied"), Event("d2", now.AddMinutes(-2), "denied"), Event("e1", now.AddMinutes(-1), "error"));
            await harness.SignInAsync();

            await page.GotoAsync(Path);

            await Expect(page).ToHaveTitleAsync("Activity · Sigilum");
            var chart = page.GetByRole(AriaRole.Img, new() { Name = "Requests per hour, last 24 hours" });
            await Expect(chart).ToBeVisibleAsync();
            await Expect(chart).ToHaveAttributeAsync("data-total", "6");
            Assert.Equal(3, await CountAsync(page, "success"));
            Assert.Equal(2, await CountAsync(page, "denied"));
            Assert.Equal(1, await CountAsync(page, "error"));
            Assert.Contains("6 requests: 3 success, 2 denied, 1 error.", await page.Locator("svg desc").TextContentAsync(), StringComparison.Ordinal);
            var legend = page.GetByRole(AriaRole.List, new() { Name = "Legend" });
            await Expect(legend.Locator("li[data-outcome=success]")).ToContainTextAsync("success (3)");
            await Expect(legend.Locator("li[data-outcome=denied]")).ToContainTextAsync("denied (2)");
            await Expect(legend.Locator("li[data-outcome=error]")).ToContainTextAsync("error (1)");
            // The screen-reader table carries the same numbers.
            await Expect(page.Locator("table.sr-only tbody tr")).Not.ToHaveCountAsync(0);
            await Expect(RequestRows(page)).ToHaveCountAsync(6);
            await Expect(RequestRows(page).First).ToContainTextAsync("error");
        });
    }

    [Fact]
    public async Task Activity_Filters_NarrowTableAndChart()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var now = TimeProvider.System.GetUtcNow();
            await ReportAsync(harness, "alice",
                Event("a", now.AddMinutes(-5), "success") with { AgentId = "research-bot" },
                Event("b", now.AddMinutes(-4), "denied") with { AgentId = "research-bot", Service = "linear" },
                Event("c", now.AddMinutes(-3), "denied") with { AgentId = "builder-bot" },
                Event("d", now.AddMinutes(-2), "error") with { AgentId = "builder-bot", Service = "linear" });
            await harness.SignInAsync();
            await page.GotoAsync(Path);

            await page.GetByLabel("Outcome").SelectOptionAsync("denied");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
            await page.WaitForURLAsync("**outcome=denied**");
            await Expect(RequestRows(page)).ToHaveCountAsync(2);
            Assert.Equal(0, await CountAsync(page, "success"));
            Assert.Equal(2, await CountAsync(page, "denied"));

            await page.GetByLabel("Agent").FillAsync("BUILDER");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
            await page.WaitForURLAsync("**agent=BUILDER**");
            await Expect(RequestRows(page)).ToHaveCountAsync(1);
            await Expect(RequestRows(page)).ToContainTextAsync("builder-bot");

            await page.GotoAsync(Path + "?service=linear");
            await Expect(RequestRows(page)).ToHaveCountAsync(2);
            await Expect(page.GetByLabel("Service")).ToHaveValueAsync("linear");

            await page.GetByRole(AriaRole.Link, new() { Name = "Clear filters" }).ClickAsync();
            await Expect(RequestRows(page)).ToHaveCountAsync(4);
        });
    }

    [Fact]
    public async Task Activity_McpToolCalls_ShowTheToolAndFilterByProtocol()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var now = TimeProvider.System.GetUtcNow();
            await ReportAsync(harness, "alice",
                Event("h1", now.AddMinutes(-5), "success"),
                Event("m1", now.AddMinutes(-4), "success") with { Service = "linear", Protocol = "mcp", Action = "mcp_list", RequestMethod = "GET", RequestPath = "/mcp/linear/tools" },
                Event("m2", now.AddMinutes(-3), "success") with { Service = "linear", Protocol = "mcp", Action = "mcp_call:echo", RequestPath = "/mcp/linear/tools/echo/call" },
                Event("m3", now.AddMinutes(-2), "denied") with { Service = "linear", Protocol = "mcp", Action = "mcp_call:get-env", StatusCode = 403, RequestPath = "/mcp/linear/tools/get-env/call" });
            await harness.SignInAsync();
            await page.GotoAsync(Path);
            await Expect(RequestRows(page)).ToHaveCountAsync(4);
            var denied = page.Locator("main table:not(.sr-only) tbody tr[data-protocol=mcp][data-outcome=denied]");
            await Expect(denied).ToContainTextAsync("MCP");
            await Expect(denied).ToContainTextAsync("call tool get-env");
            await Expect(page.Locator("code[data-tool=echo]")).ToHaveTextAsync("echo");
            await Expect(page.Locator("tr[data-protocol=mcp]").Filter(new() { HasText = "list tools" })).ToHaveCountAsync(1);
            // An HTTP row still reads as method and path.
            await Expect(page.Locator("tr[data-protocol=http]")).ToContainTextAsync("POST /v1/chat/completions");

            await page.GetByLabel("Protocol").SelectOptionAsync("mcp");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
            await page.WaitForURLAsync("**protocol=mcp**");
            await Expect(RequestRows(page)).ToHaveCountAsync(3);
            await Expect(page.Locator("svg[data-total]")).ToHaveAttributeAsync("data-total", "3");
            await Expect(page.GetByLabel("Protocol")).ToHaveValueAsync("mcp");

            await page.GotoAsync(Path + "?protocol=http");
            await Expect(RequestRows(page)).ToHaveCountAsync(1);
            await Expect(RequestRows(page)).ToContainTextAsync("/v1/chat/completions");
        });
    }

    [Fact]
    public async Task Activity_VaultTraffic_ShowsAndFiltersByDataPlaneInTheUrl()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var now = TimeProvider.System.GetUtcNow();
            await ReportAsync(harness, "alice", Event("g1", now.AddMinutes(-5), "success"), Event("g2", now.AddMinutes(-4), "denied") with { StatusCode = 403 });
            // What the vault reports for a released request (ADR 0061): signed by its registered vault node.
            await ReportAsync(harness, "alice", harness.OwnerToken, "vault",
                Event("v1", now.AddMinutes(-3), "success") with { Service = "vault-openai", RequestMethod = "GET", RequestPath = "/v1/models" });
            await harness.SignInAsync();
            await page.GotoAsync(Path);
            await Expect(RequestRows(page)).ToHaveCountAsync(3);

            await page.GetByLabel("Data plane").SelectOptionAsync("vault");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
            await page.WaitForURLAsync("**plane=vault**");
            await Expect(RequestRows(page)).ToHaveCountAsync(1);
            await Expect(RequestRows(page)).ToContainTextAsync("GET /v1/models");
            await Expect(RequestRows(page)).ToContainTextAsync("vault-openai");
            await Expect(page.Locator("svg[data-total]")).ToHaveAttributeAsync("data-total", "1");
            await Expect(page.GetByLabel("Data plane")).ToHaveValueAsync("vault");

            await page.GotoAsync(Path + "?plane=gateway");
            await Expect(RequestRows(page)).ToHaveCountAsync(2);
            await Expect(RequestRows(page).Filter(new() { HasText = "/v1/models" })).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Activity_LastHour_CountsOnlyTheLastHourInMinuteBuckets()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var now = TimeProvider.System.GetUtcNow();
            await ReportAsync(harness, "alice", Event("recent", now.AddMinutes(-2), "success"), Event("older", now.AddHours(-3), "success"));
            await harness.SignInAsync();
            await page.GotoAsync(Path);
            await Expect(page.Locator("svg[data-total]")).ToHaveAttributeAsync("data-total", "2");

            await page.GetByLabel("Range").SelectOptionAsync(new SelectOptionValue { Label = "Last hour" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();

            var chart = page.GetByRole(AriaRole.Img, new() { Name = "Requests per minute, last hour" });
            await Expect(chart).ToHaveAttributeAsync("data-total", "1");
            await Expect(page.Locator("svg g[data-bucket]")).ToHaveCountAsync(60);
            await Expect(RequestRows(page)).ToHaveCountAsync(1);
        });
    }

    [Fact]
    public async Task Activity_ManyEvents_PagesFiftyAtATime()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var now = TimeProvider.System.GetUtcNow();
            await ReportAsync(harness, "alice", [.. Enumerable.Range(0, 60).Select(i => Event("p" + i, now.AddSeconds(-i - 1), "success"))]);
            await harness.SignInAsync();
            await page.GotoAsync(Path + "?outcome=success");

            await Expect(RequestRows(page)).ToHaveCountAsync(50);
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync("1–50 of 60");
            await page.GetByRole(AriaRole.Link, new() { Name = "Older" }).ClickAsync();
            await Expect(RequestRows(page)).ToHaveCountAsync(10);
            Assert.Contains("outcome=success", page.Url, StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Link, new() { Name = "Newer" }).ClickAsync();
            await Expect(RequestRows(page)).ToHaveCountAsync(50);
        });
    }

    [Fact]
    public async Task Activity_NoEvents_ShowsEmptyState()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync(Path);

            await Expect(page.GetByText("No requests in the last 24 hours")).ToBeVisibleAsync();
            await Expect(page.Locator("svg[data-total]")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Activity_AnotherNamespacesEvents_NeverShow()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var (_, bobToken) = await harness.ControlPlane.RegisterOwnerAsync("bobby");
            await ReportAsync(harness, "bobby", bobToken, Event("bob-1", now.AddMinutes(-1), "success") with { AgentId = "bobs-agent" });
            await harness.SignInAsync();

            await page.GotoAsync(Path);
            await Expect(page.GetByText("No requests in the last 24 hours")).ToBeVisibleAsync();
            await page.GotoAsync(Path + "?agent=bobs-agent");
            await Expect(page.GetByText("No requests match these filters")).ToBeVisibleAsync();
            Assert.DoesNotContain("bobs-agent", await page.Locator("main table").AllTextContentsAsync());
        });
    }

    [Theory]
    [InlineData("range=2h", "Choose a range")]
    [InlineData("outcome=forbidden", "outcome filter")]
    [InlineData("service=Not%20A%20Slug", "service filter")]
    [InlineData("offset=-1", "page offset")]
    [InlineData("protocol=grpc", "protocol filter")]
    [InlineData("plane=proxy", "data plane filter")]
    public async Task Activity_InvalidFilter_Returns400WithTheReason(string query, string reason)
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();

            var response = await page.GotoAsync(Path + "?" + query);

            Assert.Equal(400, response!.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(reason);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Activity_SignedOut_RedirectsToSignIn()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await page.GotoAsync(Path);

            await Expect(page).ToHaveTitleAsync("Sign in · Sigilum");
        });
    }

    private static ILocator RequestRows(IPage page) => page.Locator("main table:not(.sr-only) tbody tr");

    private static Task<int> CountAsync(IPage page, string outcome) =>
        page.Locator($"svg rect[data-outcome={outcome}]").EvaluateAllAsync<int>("els => els.reduce((sum, e) => sum + Number(e.dataset.count), 0)");

    private sealed record UsageEvent(string EventId, string Service, string PublicKey, string Outcome, DateTimeOffset OccurredAt)
    {
        public string? AgentId { get; init; } = "research-bot";

        public int StatusCode { get; init; } = 200;

        public long DurationMs { get; init; } = 120;

        public string RequestMethod { get; init; } = "POST";

        public string RequestPath { get; init; } = "/v1/chat/completions";

        public string? Protocol { get; init; }

        public string? Action { get; init; }
    }

    private static readonly string AgentKey = "ed25519:" + Convert.ToBase64String(new byte[32]);

    private static UsageEvent Event(string id, DateTimeOffset at, string outcome) => new(id, "openai", AgentKey, outcome, at);

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static Task ReportAsync(DashboardHarness harness, string ns, params UsageEvent[] events) =>
        ReportAsync(harness, ns, harness.OwnerToken, events);

    private static Task ReportAsync(DashboardHarness harness, string ns, string ownerToken, params UsageEvent[] events) =>
        ReportAsync(harness, ns, ownerToken, "gateway", events);

    /// <summary>Registers a data-plane node of <paramref name="kind"/> in <paramref name="ns"/> and reports the events as it does: one signed batch.</summary>
    private static async Task ReportAsync(DashboardHarness harness, string ns, string ownerToken, string kind, params UsageEvent[] events)
    {
        var gateway = harness.ControlPlane.NewIdentity(ns);
        var owner = harness.ControlPlane.PlainClient(ownerToken);
        (await owner.PostAsJsonAsync($"v1/namespaces/{ns}/nodes", new { kind, public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
        var response = await harness.ControlPlane.SignedClient(gateway).PostAsJsonAsync("v1/usage/events/batch", new { events }, SnakeCase);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }
}
