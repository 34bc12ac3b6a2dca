using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.ControlPlane;
using Sigilum.Dashboard.Browser;
using Sigilum.Testing.Mcp;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Providers;

/// <summary>
/// MCP providers in the dashboard (issue #15 item 3): added from the form, their tools discovered by a real gateway from the
/// real MCP reference server, and their tool policy edited per connection and per subject — all through the relay.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class McpProviderPagesTests(BrowserFixture browser)
{
    private const string Secret = "mcp-dashboard-PLAINTEXT-71c2e0";

    [Fact]
    public async Task AddMcpProvider_DiscoverNow_ListsTheServersToolsWithTheDecisionOfEach()
    {
        await using var mcp = await McpReferenceServer.StartAsync();
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/providers");
            await page.GetByLabel("Add from the catalogue").SelectOptionAsync("custom-mcp");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
            await page.GetByLabel("Provider id").FillAsync("everything");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Everything");
            await page.GetByLabel("Upstream base URL").FillAsync(mcp.BaseUrl.ToString().TrimEnd('/'));
            await Expect(page.GetByLabel("MCP endpoint")).ToHaveValueAsync("/mcp");
            await page.GetByLabel("Denied tools (optional)").FillAsync("get-env");
            await page.GetByLabel("API key").FillAsync(Secret);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider added.");
            var row = page.Locator("tr[data-provider=everything]");
            await Expect(row).ToContainTextAsync("MCP");
            await row.GetByRole(AriaRole.Link, new() { Name = "Tools of Everything" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Tools of Everything · Sigilum");

            await page.GetByRole(AriaRole.Button, new() { Name = "Discover now" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tools discovered.");
            await Expect(page.Locator("tr[data-tool]")).ToHaveCountAsync(13);
            await Expect(page.Locator("tr[data-tool=echo]")).ToContainTextAsync("allowed");
            await Expect(page.Locator("tr[data-tool=echo]")).ToContainTextAsync("MCP_TOOL_ALLOWED");
            var denied = page.Locator("tr[data-tool=get-env]");
            await Expect(denied).ToHaveAttributeAsync("data-allowed", "false");
            await Expect(denied).ToContainTextAsync("MCP_TOOL_DENIED_DENYLIST");
            await Expect(page.Locator("[data-discovery]")).ToContainTextAsync("13 tools");
            await Expect(page.Locator("[data-effective]")).ToContainTextAsync("12 of 13 tools exposed");
        });
        Assert.False(await TestStore.DatabaseContainsAsync(harness.ControlPlane.DirectoryPath, System.Text.Encoding.UTF8.GetBytes(Secret)));
    }

    [Fact]
    public async Task ConnectionPolicy_Saved_GatewayStoresItAndThePageShowsTheLimit()
    {
        await using var mcp = await McpReferenceServer.StartAsync();
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await AddAndDiscoverAsync(page, gateway, mcp);

            await page.GetByLabel("Allowed tools", new() { Exact = true }).FillAsync("echo, get-sum");
            await page.GetByLabel("Tool limit", new() { Exact = true }).FillAsync("1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tool policy saved.");
            await Expect(page.Locator("tr[data-tool=echo]")).ToHaveAttributeAsync("data-allowed", "true");
            await Expect(page.Locator("tr[data-tool=get-sum]")).ToContainTextAsync("MCP_TOOL_DENIED_MAX_TOOLS_EXPOSED");
            await Expect(page.Locator("tr[data-tool=get-env]")).ToContainTextAsync("MCP_TOOL_DENIED_ALLOWLIST");
            await Expect(page.GetByLabel("Allowed tools", new() { Exact = true })).ToHaveValueAsync("echo, get-sum");
            var policy = await ConnectionAsync(gateway, "everything");
            Assert.Equal(["echo", "get-sum"], policy.GetProperty("mcp_tool_policy").GetProperty("allowlist").EnumerateArray().Select(n => n.GetString()));
            Assert.Equal(1, policy.GetProperty("mcp_tool_policy").GetProperty("max_tools_exposed").GetInt32());

            // Emptied fields clear the policy again.
            await page.GetByLabel("Allowed tools", new() { Exact = true }).FillAsync("");
            await page.GetByLabel("Tool limit", new() { Exact = true }).FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tool policy saved.");
            await Expect(page.Locator("tr[data-allowed=false]")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task SubjectPolicy_DisjointAllowlist_ThatSubjectSeesNoToolAndRemoveRestoresIt()
    {
        await using var mcp = await McpReferenceServer.StartAsync();
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await AddAndDiscoverAsync(page, gateway, mcp);
            await page.GetByLabel("Allowed tools", new() { Exact = true }).FillAsync("echo");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tool policy saved.");

            await page.GetByLabel("Subject", new() { Exact = true }).FillAsync("alice@example.com");
            await page.GetByLabel("Subject's allowed tools").FillAsync("get-env");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save subject policy" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Subject policy saved.");
            await Expect(page.Locator("[data-effective]")).ToContainTextAsync("Effective policy for alice@example.com: no tool");
            await Expect(page.Locator("tr[data-allowed=true]")).ToHaveCountAsync(0);
            await Expect(page.Locator("tr[data-subject='alice@example.com']")).ToContainTextAsync("get-env");
            var stored = (await ConnectionAsync(gateway, "everything")).GetProperty("mcp_subject_tool_policies");
            Assert.Equal(["get-env"], stored.GetProperty("alice@example.com").GetProperty("allowlist").EnumerateArray().Select(n => n.GetString()));

            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove policy of alice@example.com" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Subject policy removed.");
            await Expect(page.Locator("tr[data-subject]")).ToHaveCountAsync(0);
            await page.GetByLabel("Show as subject").FillAsync("alice@example.com");
            await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
            await Expect(page.Locator("tr[data-tool=echo]")).ToHaveAttributeAsync("data-allowed", "true");
        });
    }

    [Fact]
    public async Task ConnectionPolicy_ToolNameWithASpace_RefusedAndNothingChanged()
    {
        await using var mcp = await McpReferenceServer.StartAsync();
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await AddAndDiscoverAsync(page, gateway, mcp);

            await page.GetByLabel("Denied tools", new() { Exact = true }).FillAsync("get env");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'get env' is not a tool name");
            Assert.Empty((await ConnectionAsync(gateway, "everything")).GetProperty("mcp_tool_policy").GetProperty("denylist").EnumerateArray());
        });
    }

    [Fact]
    public async Task DiscoverNow_ServerDown_ShowsTheGatewaysError()
    {
        var mcp = await McpReferenceServer.StartAsync();
        var stopped = false;
        try
        {
            await using var harness = await DashboardHarness.StartAsync(browser);
            await using var gateway = await DashboardGateway.StartAsync(harness);
            await harness.RunAsync(async page =>
            {
                await harness.SignInAsync();
                await AddAndDiscoverAsync(page, gateway, mcp);
                await mcp.DisposeAsync();
                stopped = true;

                await page.GetByRole(AriaRole.Button, new() { Name = "Discover now" }).ClickAsync();

                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Discovery failed:");
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("MCP_");
                // The tools found before are still listed.
                await Expect(page.Locator("tr[data-tool]")).ToHaveCountAsync(13);
            });
        }
        finally
        {
            if (!stopped)
            {
                await mcp.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ToolsPage_HttpProvider_NotFound()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            using (var admin = gateway.AdminClient())
            {
                var created = await admin.PostAsync("api/admin/connections", new StringContent(
                    $$$"""{"id":"plain","name":"Plain","base_url":"{{{gateway.UpstreamUri.ToString().TrimEnd('/')}}}","auth_secret_key":"k","secrets":{"k":"v"}}""",
                    System.Text.Encoding.UTF8, "application/json"));
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            }

            var response = await page.GotoAsync($"/dashboard/providers/plain/tools?gateway={gateway.NodeId}");

            Assert.Equal(404, response!.Status);
            await page.GotoAsync("/dashboard/providers");
            await Expect(page.Locator("tr[data-provider=plain]").GetByRole(AriaRole.Link, new() { Name = "Tools of Plain" })).ToHaveCountAsync(0);
        });
    }

    private static async Task AddAndDiscoverAsync(IPage page, DashboardGateway gateway, McpReferenceServer mcp)
    {
        await page.GotoAsync($"/dashboard/providers/new?gateway={gateway.NodeId}&template=custom-mcp");
        await page.GetByLabel("Provider id").FillAsync("everything");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Everything");
        await page.GetByLabel("Upstream base URL").FillAsync(mcp.BaseUrl.ToString().TrimEnd('/'));
        await page.GetByLabel("API key").FillAsync(Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider added.");
        await page.GotoAsync($"/dashboard/providers/everything/tools?gateway={gateway.NodeId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Discover now" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tools discovered.");
    }

    private static async Task<JsonElement> ConnectionAsync(DashboardGateway gateway, string id)
    {
        using var admin = gateway.AdminClient();
        var body = JsonDocument.Parse(await admin.GetStringAsync("api/admin/connections/" + id)).RootElement;
        return body.TryGetProperty("connection", out var connection) ? connection.Clone() : body.Clone();
    }
}
