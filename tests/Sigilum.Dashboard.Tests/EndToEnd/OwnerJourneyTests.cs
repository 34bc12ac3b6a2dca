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
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.EndToEnd;

/// <summary>
/// The owner's whole journey in a browser against a real control plane and a real paired gateway: connect a provider,
/// see an agent's request arrive live, approve it, watch its traffic on the activity chart, revoke it. Each main page
/// is screenshotted on the way (into <see cref="Screenshots.Directory"/>; docs/images with SIGILUM_SCREENSHOTS=docs/images).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OwnerJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Owner_ConnectsProvider_ApprovesAgentLive_SeesTraffic_Revokes()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.Page.SetViewportSizeAsync(1280, 860);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create(harness.Namespace, TimeProvider.System));
        using var agentClient = new HttpClient(new SigilumSigningHandler(agent, null, new SocketsHttpHandler())) { BaseAddress = new Uri(gateway.Host.BaseUrl) };
        await harness.RunAsync(async page =>
        {
            // The gateway files claims with the service's key, as `sigilum service add` sets it up.
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "echo");
            using (var admin = gateway.AdminClient())
            {
                (await admin.PutAsJsonAsync("api/admin/service-api-keys/echo", new { key = serviceKey })).EnsureSuccessStatusCode();
            }

            await page.GotoAsync(await harness.NewSignInLinkAsync());
            await Snap(page, "sign-in");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");

            // Provider, with its secret sealed in this browser to the gateway's key.
            await page.GotoAsync($"/dashboard/providers/new?gateway={gateway.NodeId}&template=custom");
            await page.GetByLabel("Provider id").FillAsync("echo");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Echo API");
            await page.GetByLabel("Upstream base URL").FillAsync(gateway.UpstreamUri.ToString().TrimEnd('/'));
            await page.GetByLabel("API key").FillAsync("sk-journey-0123456789");
            await Snap(page, "provider-add");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider added.");
            await Snap(page, "providers");

            // The agent's first call is refused and files a claim, which appears on the open pending page.
            await page.GotoAsync("/dashboard/pending");
            Assert.Equal(HttpStatusCode.Forbidden, (await agentClient.GetAsync("/proxy/echo/v1/items")).StatusCode);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).First).ToBeVisibleAsync();
            await Snap(page, "pending");
            await page.GetByLabel("Approval lasts").First.SelectOptionAsync("1h");
            await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved");

            // Approved: the gateway lets the agent through (pushed approval; retry until it lands).
            var status = HttpStatusCode.Forbidden;
            for (var attempt = 0; attempt < 200 && status != HttpStatusCode.OK; attempt++)
            {
                status = (await agentClient.GetAsync("/proxy/echo/v1/items")).StatusCode;
                if (status != HttpStatusCode.OK)
                {
                    await Task.Delay(25);
                }
            }
            Assert.Equal(HttpStatusCode.OK, status);
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await agentClient.GetAsync("/proxy/echo/v1/items")).StatusCode);
            }

            // The gateway reports usage in batches; once it has arrived the chart shows it.
            var store = harness.ControlPlane.Host.Services.GetRequiredService<ISigilumStore>();
            for (var attempt = 0; attempt < 400 && (await store.Usage.QueryAsync(new UsageQuery { Namespace = harness.Namespace, Limit = 1 })).Total < 6; attempt++)
            {
                await Task.Delay(25);
            }
            await page.GotoAsync("/dashboard/activity?range=1h");
            await Expect(page.Locator("svg rect[data-outcome]").First).ToBeVisibleAsync();
            await Expect(page.Locator("li[data-outcome=success]")).ToContainTextAsync("(5)");
            await Snap(page, "activity");

            foreach (var (path, name) in new[] { ("/dashboard", "overview"), ("/dashboard/agents", "agents"), ("/dashboard/nodes", "nodes"),
                ("/dashboard/audit", "audit"), ("/dashboard/api-keys", "api-keys"), ("/dashboard/webhooks", "webhooks"), ("/dashboard/settings", "settings") })
            {
                await page.GotoAsync(path);
                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                await Snap(page, name);
            }

            // Revoke from the claims page: the very next request is refused.
            await page.GotoAsync("/dashboard/claims?status=approved");
            await Snap(page, "claims");
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Revoked");
            status = HttpStatusCode.OK;
            for (var attempt = 0; attempt < 200 && status == HttpStatusCode.OK; attempt++)
            {
                status = (await agentClient.GetAsync("/proxy/echo/v1/items")).StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    await Task.Delay(25);
                }
            }
            Assert.Equal(HttpStatusCode.Forbidden, status);
        });
    }

    private static Task Snap(IPage page, string name) => Screenshots.TryCaptureAsync(page, "dashboard-" + name);
}
