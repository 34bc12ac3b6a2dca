using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.Core.Nodes;
using Sigilum.Dashboard.Browser;
using Sigilum.Protocol.Signatures;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Nodes;

[Collection(BrowserCollection.Name)]
public sealed class NodesPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Nodes_NonePaired_ShowsEmptyStateAndStartPairing()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/nodes");

            await Expect(page).ToHaveTitleAsync("Gateways & vaults · Sigilum");
            await Expect(page.GetByText("No gateway or vault is paired yet")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start pairing" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task StartPairing_GatewayRegistersWithTheCode_ListedAndCodeRefusedTheSecondTime()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var urls = new List<string>();
            page.Request += (_, request) => urls.Add(request.Url);
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/nodes");

            await page.GetByRole(AriaRole.Button, new() { Name = "Start pairing" }).ClickAsync();

            await Expect(page).ToHaveTitleAsync("Pair a gateway · Sigilum");
            var code = (await page.GetByTestId("pair-code").TextContentAsync())!.Trim();
            var sessionId = (await page.GetByTestId("session-id").TextContentAsync())!.Trim();
            Assert.Matches("^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$", code);
            Assert.True(Guid.TryParseExact(sessionId, "D", out _));
            await Expect(page.Locator("#pair-command")).ToHaveTextAsync(
                $"sigilum gateway connect --session-id {sessionId} --pair-code {code} --namespace alice --api-url {harness.BaseUrl}");
            await Expect(page.GetByText("(in 10 minutes)")).ToBeVisibleAsync();

            // What `sigilum gateway connect` does: a request signed with the gateway's own new key of the namespace.
            using var gateway = harness.ControlPlane.NewIdentity("alice");
            using (var registered = await RegisterAsync(harness, gateway, sessionId, code))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            await page.ReloadAsync();
            await Expect(page).ToHaveTitleAsync("Gateways & vaults · Sigilum");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "gw-remote" });
            await Expect(row).ToContainTextAsync("gateway");
            await Expect(row).ToContainTextAsync("1.2.3");
            await Expect(row).ToContainTextAsync("offline");
            Assert.DoesNotContain(code, await page.ContentAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(urls, u => u.Contains(code, StringComparison.Ordinal));

            using var second = harness.ControlPlane.NewIdentity("alice");
            using var refused = await RegisterAsync(harness, second, sessionId, code);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("PAIRING_CODE_INVALID", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.Single(await harness.ControlPlane.Host.Store.Nodes.ListAsync("alice"));
        });
    }

    [Fact]
    public async Task PairedWithCode_RealGateway_ComesOnlineAndIsAdministeredThroughItsRelay()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/nodes");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start pairing" }).ClickAsync();
            var code = (await page.GetByTestId("pair-code").TextContentAsync())!.Trim();
            var sessionId = (await page.GetByTestId("session-id").TextContentAsync())!.Trim();

            // On "the other machine": a gateway with its own key pairs with the code and keeps only outbound streams.
            await using var gateway = await DashboardGateway.StartPairedAsync(harness, sessionId, code);

            await page.GotoAsync("/dashboard/nodes");
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "gw-remote" })).ToContainTextAsync("online");
            await page.GotoAsync("/dashboard/providers");
            await Expect(page.GetByText($"Gateway {gateway.NodeId}, connected since")).ToBeVisibleAsync();
            await Expect(page.GetByText("No providers on this gateway yet")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task StartPairing_CodeOfAnotherNamespacesSession_RefusedAndNothingListed()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/nodes");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start pairing" }).ClickAsync();
            var code = (await page.GetByTestId("pair-code").TextContentAsync())!.Trim();
            var sessionId = (await page.GetByTestId("session-id").TextContentAsync())!.Trim();

            // A key of another namespace cannot use alice's code to join either namespace.
            await harness.ControlPlane.RegisterOwnerAsync("bob");
            using var stranger = harness.ControlPlane.NewIdentity("bob");
            using var refused = await RegisterAsync(harness, stranger, sessionId, code);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Empty(await harness.ControlPlane.Host.Store.Nodes.ListAsync("alice"));
            Assert.Empty(await harness.ControlPlane.Host.Store.Nodes.ListAsync("bob"));
        });
    }

    [Fact]
    public async Task Nodes_RecentlySeenAndStale_OnlineAndOfflineBadges_OnlyOwnNamespace()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var store = harness.ControlPlane.Host.Store;
            var now = TimeProvider.System.GetUtcNow();
            var fresh = await store.Nodes.RegisterAsync(Node("gw_fresh", "alice", "edge-1", DataPlaneKind.Gateway, now));
            await store.Nodes.TouchAsync(fresh.Id, now, "2.0.0");
            var stale = await store.Nodes.RegisterAsync(Node("vlt_stale", "alice", "vault-1", DataPlaneKind.Vault, now.AddHours(-1)));
            await store.Nodes.TouchAsync(stale.Id, now.AddMinutes(-5), null);
            await harness.ControlPlane.RegisterOwnerAsync("bob");
            await store.Nodes.RegisterAsync(Node("gw_bob", "bob", "bobs-gateway", DataPlaneKind.Gateway, now));
            await harness.SignInAsync();

            await page.GotoAsync("/dashboard/nodes");

            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "edge-1" })).ToContainTextAsync("online");
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "vault-1" })).ToContainTextAsync("offline");
            await Expect(page.GetByText("bobs-gateway")).ToHaveCountAsync(0);
        });
    }

    private static DataPlaneNode Node(string id, string ns, string name, DataPlaneKind kind, DateTimeOffset at) => new()
    {
        Id = id, Namespace = ns, Kind = kind, Name = name, PublicKey = "ed25519:" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        Version = "2.0.0", RegisteredAt = at,
    };

    private static Task<HttpResponseMessage> RegisterAsync(DashboardHarness harness, SigningIdentity gateway, string sessionId, string code) =>
        harness.ControlPlane.SignedClient(gateway).PostAsJsonAsync("v1/gateway/pairing/register",
            new { session_id = sessionId, pair_code = code, name = "gw-remote", version = "1.2.3" });
}
