using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sigilum.Core.Storage;
using Sigilum.Core.Usage;
using Sigilum.Dashboard.Browser;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing.Mcp;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Activity;

/// <summary>
/// Issue #15 item 5, the dashboard half, end to end: an MCP provider added in the dashboard, an agent calling the real
/// MCP reference server's <c>echo</c> through the real gateway once approved, and the call on the Activity page with
/// its tool name, found by the protocol filter.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class McpActivityEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task AgentCallsAnMcpTool_CallShowsOnActivityWithTheToolAndTheProtocolFilter()
    {
        await using var mcp = await McpReferenceServer.StartAsync();
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create(harness.Namespace, TimeProvider.System));
        using var agentClient = new HttpClient(new SigilumSigningHandler(agent, null, new SocketsHttpHandler())) { BaseAddress = new Uri(gateway.Host.BaseUrl) };
        await harness.RunAsync(async page =>
        {
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "everything");
            using (var admin = gateway.AdminClient())
            {
                (await admin.PutAsJsonAsync("api/admin/service-api-keys/everything", new { key = serviceKey })).EnsureSuccessStatusCode();
            }
            await harness.SignInAsync();
            await page.GotoAsync($"/dashboard/providers/new?gateway={gateway.NodeId}&template=custom-mcp");
            await page.GetByLabel("Provider id").FillAsync("everything");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Everything");
            await page.GetByLabel("Upstream base URL").FillAsync(mcp.BaseUrl.ToString().TrimEnd('/'));
            await page.GetByLabel("API key").FillAsync("mcp-activity-token-1f0e");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider added.");

            // The first call files a claim; the owner approves it on the pending page.
            using var first = await CallEchoAsync(agentClient);
            Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
            await page.GotoAsync("/dashboard/pending");
            await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved");
            var status = HttpStatusCode.Forbidden;
            for (var attempt = 0; attempt < 200 && status != HttpStatusCode.OK; attempt++)
            {
                using var call = await CallEchoAsync(agentClient);
                status = call.StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    Assert.Contains("Echo: hi", await call.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
                else
                {
                    await Task.Delay(25);
                }
            }
            Assert.Equal(HttpStatusCode.OK, status);

            var store = harness.ControlPlane.Host.Services.GetRequiredService<ISigilumStore>();
            var mcpOnly = new UsageQuery { Namespace = harness.Namespace, Protocol = "mcp", Outcome = "success", Limit = 1 };
            for (var attempt = 0; attempt < 400 && (await store.Usage.QueryAsync(mcpOnly)).Total < 1; attempt++)
            {
                await Task.Delay(25);
            }
            await page.GotoAsync("/dashboard/activity?range=1h&protocol=mcp&outcome=success");
            var row = page.Locator("main table:not(.sr-only) tbody tr[data-protocol=mcp]").First;
            await Expect(row).ToContainTextAsync("call tool echo");
            await Expect(row).ToContainTextAsync("everything");
            await Expect(page.Locator("main table:not(.sr-only) tbody tr[data-protocol=http]")).ToHaveCountAsync(0);
        });
    }

    private static Task<HttpResponseMessage> CallEchoAsync(HttpClient agent) =>
        agent.PostAsync("/mcp/everything/tools/echo/call", JsonContent.Create(new { arguments = new { message = "hi" } }));
}
